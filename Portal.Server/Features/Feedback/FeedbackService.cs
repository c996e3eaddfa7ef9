using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Feedback;

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
