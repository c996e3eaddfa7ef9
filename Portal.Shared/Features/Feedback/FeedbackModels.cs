using System.ComponentModel.DataAnnotations;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Feedback;

/// <summary>When the customer is asked how we did (SPEC 2.8): once the decision is made, and once the money is paid out.</summary>
public enum RatingStage { Decision, Payout }

public sealed class RateService
{
    public RatingStage Stage { get; set; }

    [Range(1, 5, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int Score { get; set; }

    [StringLength(1000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Comment { get; set; }
}

public sealed record RatingView(RatingStage Stage, int Score, string? Comment, DateTimeOffset At);

/// <summary>An application's ratings: the stages the customer may rate now, and those already rated.</summary>
public sealed record ApplicationRatings(IReadOnlyList<RatingStage> Open, IReadOnlyList<RatingView> Given);

public interface IFeedbackService
{
    Task<ApplicationRatings> RatingsAsync(Guid applicationId, CancellationToken ct = default);
    Task<ApplicationRatings> RateAsync(Guid applicationId, RateService rating, CancellationToken ct = default);
}
