using System.Net.Http.Json;
using Portal.Shared.Features.Prospects;

namespace Portal.Client.Features.Prospects;

internal sealed class ScreeningHttpClient(HttpClient http) : IScreeningService
{
    private const string Api = "api/staff/screening";

    public async Task<IReadOnlyList<ScreeningCriteriaView>> CriteriaAsync(CancellationToken ct = default) =>
        await (await http.GetAsync(Api, ct)).ReadAsync<List<ScreeningCriteriaView>>(ct);
    public async Task<ScreeningCriteriaView> SaveCriteriaAsync(int? id, ScreeningCriteriaEdit criteria, CancellationToken ct = default) =>
        await (id is { } existing ? await http.PutAsJsonAsync($"{Api}/{existing}", criteria, ct) : await http.PostAsJsonAsync(Api, criteria, ct))
            .ReadAsync<ScreeningCriteriaView>(ct);
    public async Task<ScreeningSummary> ScreenAsync(RunScreening run, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/run", run, ct)).ReadAsync<ScreeningSummary>(ct);
}
