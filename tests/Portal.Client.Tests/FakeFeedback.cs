using Portal.Shared.Features.Feedback;

namespace Portal.Client.Tests;

/// <summary>Nothing to rate unless a test opens a stage; remembers what was sent.</summary>
internal sealed class FakeFeedback : IFeedbackService
{
    public ApplicationRatings Ratings = new([], []);
    public readonly List<RateService> Sent = [];

    public Task<ApplicationRatings> RatingsAsync(Guid applicationId, CancellationToken ct = default) => Task.FromResult(Ratings);

    public Task<ApplicationRatings> RateAsync(Guid applicationId, RateService rating, CancellationToken ct = default)
    {
        Sent.Add(rating);
        Ratings = new([], [.. Ratings.Given, new RatingView(rating.Stage, rating.Score, rating.Comment, DateTimeOffset.UnixEpoch)]);
        return Task.FromResult(Ratings);
    }
}
