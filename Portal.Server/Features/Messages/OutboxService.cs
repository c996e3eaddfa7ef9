using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Infrastructure;
using Portal.Server.Infrastructure.Email;
using Portal.Shared.Features.Messages;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Messages;

/// <summary>The email outbox as administrators see it. Bodies are not shown: they may hold sign-in links.</summary>
public sealed class OutboxService(PortalDbContext db, ICurrentUser user, TimeProvider clock) : IOutboxService
{
    public async Task<OutboxView> OutboxAsync(OutboxStatus? status, CancellationToken ct = default)
    {
        user.Require(Permissions.ReadEmailOutbox);
        var counts = await db.Set<OutboxEmail>().GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var query = db.Set<OutboxEmail>().AsNoTracking();
        if (status is { } s) query = query.Where(e => e.Status == s);
        var latest = await query.OrderByDescending(e => e.Id).Take(100)
            .Select(e => new OutboxEntry(e.Id, e.Kind, e.To, e.Subject, e.Status, e.Attempts, e.CreatedAt, e.NextAttemptAt, e.SentAt, e.LastError))
            .ToListAsync(ct);
        int Count(OutboxStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new OutboxView(Count(OutboxStatus.Pending), Count(OutboxStatus.Sent), Count(OutboxStatus.Failed), latest);
    }

    public async Task<OutboxView> RetryAsync(long id, CancellationToken ct = default)
    {
        user.Require(Permissions.ReadEmailOutbox);
        var now = clock.GetUtcNow();
        var changed = await db.Set<OutboxEmail>().Where(e => e.Id == id && e.Status == OutboxStatus.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, OutboxStatus.Pending).SetProperty(e => e.Attempts, 0).SetProperty(e => e.NextAttemptAt, now)
            .SetProperty(e => e.ClaimedAt, (DateTimeOffset?)null), ct);
        if (changed == 0) throw new ConflictException(SharedText.OutboxNotFailed);
        db.Record(now, await db.ActorAsync(user, ct), "RetryEmail", "Email", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, null);
        await db.SaveChangesAsync(ct);
        return await OutboxAsync(null, ct);
    }
}
