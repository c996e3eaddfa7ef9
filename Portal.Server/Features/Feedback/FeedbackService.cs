using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Feedback;

/// <summary>A customer's rating of the service at one stage of one application (at most one per stage).</summary>
public class ServiceRating
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public string CustomerId { get; set; } = "";
    public RatingStage Stage { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class ServiceRatingConfiguration : IEntityTypeConfiguration<ServiceRating>
{
    public void Configure(EntityTypeBuilder<ServiceRating> b)
    {
        b.HasOne<LoanApplication>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        // Once per stage, even if the form is sent twice at once.
        b.HasIndex(r => new { r.ApplicationId, r.Stage }).IsUnique();
        b.Property(r => r.CustomerId).HasMaxLength(450);
        b.Property(r => r.Stage).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.Comment).HasMaxLength(1000);
        // The dashboard's average satisfaction by period.
        b.HasIndex(r => r.At);
    }
}

/// <summary>Ratings of the service by the customer, on their own applications only.</summary>
public sealed class FeedbackService(PortalDbContext db, ICurrentUser user, TimeProvider clock) : IFeedbackService
{
    public async Task<ApplicationRatings> RatingsAsync(Guid applicationId, CancellationToken ct = default)
    {
        var a = await MineAsync(applicationId, ct);
        var given = await db.Set<ServiceRating>().AsNoTracking().Where(r => r.ApplicationId == a.Id).OrderBy(r => r.At)
            .Select(r => new RatingView(r.Stage, r.Score, r.Comment, r.At)).ToListAsync(ct);
        var open = Reached(a).Where(s => given.All(g => g.Stage != s)).ToList();
        return new ApplicationRatings(open, given);
    }

    public async Task<ApplicationRatings> RateAsync(Guid applicationId, RateService rating, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([rating]);
        var a = await MineAsync(applicationId, ct);
        if (!Reached(a).Contains(rating.Stage)) throw new ConflictException(SharedText.RatingNotYet);
        db.Add(new ServiceRating
        {
            ApplicationId = a.Id, CustomerId = a.CustomerId, Stage = rating.Stage, Score = rating.Score,
            Comment = string.IsNullOrWhiteSpace(rating.Comment) ? null : rating.Comment.Trim(), At = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException(SharedText.RatingAlreadyGiven);
        }

        return await RatingsAsync(applicationId, ct);
    }

    /// <summary>The stages this application has reached: a decision once one was made, the payout once paid out.</summary>
    private static IEnumerable<RatingStage> Reached((Guid Id, string CustomerId, DateTimeOffset? DecidedAt, ApplicationState State) a)
    {
        if (a.DecidedAt is not null) yield return RatingStage.Decision;
        if (a.State == ApplicationState.Disbursed) yield return RatingStage.Payout;
    }

    private async Task<(Guid Id, string CustomerId, DateTimeOffset? DecidedAt, ApplicationState State)> MineAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ApplyForLoans);
        var me = user.Id;
        var a = await db.Applications.AsNoTracking().Where(x => x.Id == id && x.CustomerId == me)
            .Select(x => new { x.Id, x.CustomerId, x.DecidedAt, x.State }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(SharedText.AppNotFound);
        return (a.Id, a.CustomerId, a.DecidedAt, a.State);
    }
}

public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/applications/{id:guid}/ratings").WithTags("Feedback").RequireCsrfHeader().RequireAuthorization(Permissions.ApplyForLoans);
        api.MapGet("/", async (Guid id, IFeedbackService f, CancellationToken ct) => TypedResults.Ok(await f.RatingsAsync(id, ct)))
            .WithSummary("The stages the customer may rate, and the ratings given");
        api.MapPost("/", async (Guid id, RateService body, IFeedbackService f, CancellationToken ct) => TypedResults.Ok(await f.RateAsync(id, body, ct)))
            .WithSummary("Rate the service (1–5, with a comment) after the decision or the payout, once each");
        return app;
    }
}
