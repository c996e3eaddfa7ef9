using System.Net.Http.Json;
using Portal.Shared.Features.Feedback;

namespace Portal.Client.Features.Feedback;

internal sealed class FeedbackHttpClient(HttpClient http) : IFeedbackService
{
    public async Task<ApplicationRatings> RatingsAsync(Guid applicationId, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/applications/{applicationId}/ratings", ct)).ReadAsync<ApplicationRatings>(ct);
    public async Task<ApplicationRatings> RateAsync(Guid applicationId, RateService rating, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/applications/{applicationId}/ratings", rating, ct)).ReadAsync<ApplicationRatings>(ct);
}
