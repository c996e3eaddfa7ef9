using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Audit;
using Portal.Shared.Security;

namespace Portal.Server.Features.Audit;

public sealed class AuditService(PortalDbContext db, ICurrentUser user, LocalCalendar calendar) : IAuditService
{
    public async Task<AuditPage> ReadAsync(AuditQuery q, CancellationToken ct = default)
    {
        user.Require(Permissions.ReadAuditLog);
        DomainValidationException.ThrowIfInvalid([q]);
        var query = db.AuditEntries.AsNoTracking();
        // Dates are the lender's whole days (as the times are shown), the "to" day included.
        if (q.From is { } from) { var start = StartOf(from); query = query.Where(e => e.At >= start); }
        if (q.To is { } to) { var end = StartOf(to.AddDays(1)); query = query.Where(e => e.At < end); }
        if (!string.IsNullOrWhiteSpace(q.Actor)) query = query.Where(e => e.ActorName.StartsWith(q.Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(q.Action)) query = query.Where(e => e.Action == q.Action.Trim());
        if (!string.IsNullOrWhiteSpace(q.Reference)) { var reference = q.Reference.Trim().ToUpperInvariant(); query = query.Where(e => e.Reference == reference); }
        if (q.Before is { } before) query = query.Where(e => e.Id < before);
        var rows = await query.OrderByDescending(e => e.Id).Take(q.PageSize + 1)
            .Select(e => new AuditRow(e.Id, e.At, e.ActorName, e.Action, e.Subject, e.SubjectId, e.Reference, e.Before, e.After))
            .ToListAsync(ct);
        return new AuditPage(rows.Take(q.PageSize).ToList(), rows.Count > q.PageSize ? rows[q.PageSize - 1].Id : null);
    }

    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, calendar.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
