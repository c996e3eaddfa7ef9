using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Audit;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Casework;

/// <summary>The work queue over EF Core: the cases, what waits for whom, the staff who work them and approvers' limits.</summary>
public sealed class WorkQueueService(PortalDbContext db, ICurrentUser user, TimeProvider clock) : IWorkQueueService
{
    private string Me => user.Id!;
    private IQueryable<LoanApplication> Cases => db.CasesFor(Me);
    private DateTimeOffset Now => clock.GetUtcNow();

    private void RequireCasework() => user.Require(Permissions.WorkCases);

    public async Task<QueuePage> QueueAsync(QueueQuery q, CancellationToken ct = default)
    {
        RequireCasework();
        DomainValidationException.ThrowIfInvalid([q]);
        var query = Cases.AsNoTracking();
        if (q.State is { } state) query = query.Where(a => a.State == state);
        else if (q.OpenOnly)
        {
            // Compared with a parameter, not tested as a bare column: an equality is what lets the
            // (…, IsOpen, SubmittedAt, Id) indexes go on to serve the order too.
            var open = true;
            query = query.Where(a => a.IsOpen == open);
        }
        if (!string.IsNullOrWhiteSpace(q.Product))
        {
            var productId = await db.Products.Where(p => p.Slug == q.Product).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? -1;
            query = query.Where(a => a.ProductId == productId);
        }
        query = q.Assignee switch
        {
            null or "" => query,
            QueueAssignee.Me => query.Where(a => a.AssigneeId == Me),
            QueueAssignee.Nobody => query.Where(a => a.AssigneeId == null),
            var someone => query.Where(a => a.AssigneeId == someone),
        };
        if (q.WithinMyLimit) query = await WithinMyLimitAsync(query, ct);
        if (q.MinAgeDays is { } days)
        {
            var cutoff = Now.AddDays(-days);
            query = query.Where(a => a.SubmittedAt <= cutoff);
        }
        var cursor = Cursor.Parse(q.After);
        var nameSearch = false;
        if (q.Search?.Trim() is { Length: > 0 } search)
        {
            if (search.StartsWith("HB-", StringComparison.OrdinalIgnoreCase))
            {
                var reference = search.ToUpperInvariant();
                query = query.Where(a => a.Reference == reference);
            }
            else
            {
                // A range over the indexed lower-case name, which every database can seek (LIKE often cannot).
                nameSearch = true;
                var from = search.ToLowerInvariant();
                var to = from[..^1] + (char)(from[^1] + 1);
                // A later page in name order starts at its cursor's name: given two lower bounds, SQLite seeks to the
                // search's and walks every earlier page, so a page deep in the results costs more the deeper it is.
                if (q.Sort == QueueSort.Name && cursor is { } c && string.CompareOrdinal(c.Name, from) >= 0)
                    query = query.Where(a => string.Compare(a.SearchName, to) < 0);
                else
                    query = query.Where(a => string.Compare(a.SearchName, from) >= 0 && string.Compare(a.SearchName, to) < 0);
            }
        }

        var size = q.PageSize;
        // Each keyset condition starts with a plain range on the leading sort column, which lets the
        // database seek straight to the page in the index instead of walking every earlier row.
        IQueryable<LoanApplication> page = q.Sort switch
        {
            QueueSort.NewestFirst => (cursor is { } c
                    ? query.Where(a => a.SubmittedAt <= c.At && (a.SubmittedAt < c.At || a.Id < c.Id))
                    : query)
                .OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id),
            QueueSort.Name => (cursor is { } c
                    ? query.Where(a => string.Compare(a.SearchName, c.Name) >= 0 && (string.Compare(a.SearchName, c.Name) > 0 || a.Id > c.Id))
                    : query)
                .OrderBy(a => a.SearchName).ThenBy(a => a.Id),
            QueueSort.LargestFirst => (cursor is { } c
                    ? query.Where(a => a.AmountMinor <= c.Amount && (a.AmountMinor < c.Amount || a.Id < c.Id))
                    : query)
                .OrderByDescending(a => a.AmountMinor).ThenByDescending(a => a.Id),
            _ => (cursor is { } c
                    ? query.Where(a => a.SubmittedAt >= c.At && (a.SubmittedAt > c.At || a.Id > c.Id))
                    : query)
                .OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id),
        };
        // A name search in another order takes the page's ids first, from the name index (it carries the open flag,
        // state, date and amount; a product or assignee filter still reads rows), then their rows: asked at once,
        // PostgreSQL walked the date index reading rows until enough names matched, and SQLite read each match's row
        // (README, the staff work queue).
        List<Guid>? ids = null;
        if (nameSearch && q.Sort != QueueSort.Name)
        {
            ids = await page.Take(size + 1).Select(a => a.Id).ToListAsync(ct);
            if (ids.Count == 0) return new QueuePage([], null);
            page = db.Applications.Where(a => ids.Contains(a.Id));
        }
        var zh = Bilingual.IsChinese();
        var rows = await page.Take(size + 1)
            .Select(a => new
            {
                a.Id, a.Reference, a.ApplicantType, a.FullName, a.BusinessName, a.SearchName,
                Name = zh && a.ProductVersion!.NameZh != "" ? a.ProductVersion.NameZh : a.ProductVersion!.Name, a.State, a.AmountMinor, a.SubmittedAt,
                Assignee = db.Users.Where(u => u.Id == a.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
                Unread = db.Set<Messages.Message>().Count(m => m.ApplicationId == a.Id && !m.FromStaff && m.ReadAt == null),
            })
            .ToListAsync(ct);
        if (ids is not null) rows = [.. rows.OrderBy(r => ids.IndexOf(r.Id))];
        var next = rows.Count > size
            ? new Cursor(rows[size - 1].SubmittedAt!.Value, rows[size - 1].AmountMinor ?? 0, rows[size - 1].Id, rows[size - 1].SearchName ?? "").ToString()
            : null;
        return new QueuePage(rows.Take(size).Select(r => new QueueRow(
            r.Id, r.Reference, (r.ApplicantType == ApplicantType.Business ? r.BusinessName : r.FullName) ?? "", r.Name, r.State,
            r.AmountMinor is { } m ? Money.FromMinor(m) : null, r.SubmittedAt!.Value, r.Assignee, r.Unread)).ToList(), next);
    }

    /// <summary>Where the previous page ended (<see cref="PageCursor"/>).</summary>
    private sealed record Cursor(DateTimeOffset At, long Amount, Guid Id, string Name)
    {
        public override string ToString() => PageCursor.Write(At.UtcTicks, Amount, Id, Name);

        public static Cursor? Parse(string? text) => PageCursor.Read(text, 4,
            k => new Cursor(new DateTimeOffset(long.Parse(k[0], CultureInfo.InvariantCulture), TimeSpan.Zero), long.Parse(k[1], CultureInfo.InvariantCulture), Guid.Parse(k[2]), k[3]),
            nameof(QueueQuery.After));
    }

    public async Task<IReadOnlyList<StaffMember>> StaffAsync(CancellationToken ct = default)
    {
        // Case workers pick assignees from it; administrators set approvers' limits on it.
        if (!user.Has(Permissions.ManageStaff)) RequireCasework();
        return await db.CaseWorkersAsync(ct);
    }

    /// <summary>
    /// The cases the caller could approve by amount, by the rule <see cref="ApplicationWorkflow"/> applies: the amount to
    /// approve (the recommended one if risk lowered it) within their limit, or above every approver's limit (two approvals,
    /// by any approver with a limit).
    /// </summary>
    private async Task<IQueryable<LoanApplication>> WithinMyLimitAsync(IQueryable<LoanApplication> query, CancellationToken ct)
    {
        var limit = await db.Users.Where(u => u.Id == Me).Select(u => u.ApprovalLimitMinor).FirstOrDefaultAsync(ct) ?? 0;
        if (limit <= 0) return query.Where(a => false);
        var highest = Money.ToMinor(await db.HighestApprovalLimitAsync(ct));
        var me = Me;
        // Not their own application, nor one they have given the first of two approvals to: they cannot act on those.
        return query.Where(a => a.CustomerId != me && (a.FirstApproverId == null || a.FirstApproverId != me)
            && ((a.OfferAmountMinor ?? a.RecommendedAmountMinor ?? a.AmountMinor) <= limit
                || (a.OfferAmountMinor ?? a.RecommendedAmountMinor ?? a.AmountMinor) > highest));
    }

    /// <summary>
    /// For the staff home: what each of the caller's roles acts on next, counted: new applications for customer managers,
    /// cases awaiting assessment for risk officers, awaiting approval within the approver's limit, awaiting payout for
    /// loan operations, and every case in the caller's hands now. Each comes with the queue's address for it.
    /// </summary>
    public async Task<IReadOnlyList<WaitingWork>> WaitingAsync(CancellationToken ct = default)
    {
        RequireCasework();
        var open = Cases.AsNoTracking().Where(a => a.IsOpen);
        var waiting = new List<WaitingWork>();
        async Task Count(string permission, string kind, IQueryable<LoanApplication> cases, string query)
        {
            if (user.Has(permission)) waiting.Add(new WaitingWork(kind, await cases.CountAsync(ct), query));
        }

        await Count(Permissions.ReviewApplications, "New", open.Where(a => a.State == ApplicationState.Submitted), "state=Submitted");
        await Count(Permissions.AssessRisk, "Assessment", open.Where(a => a.State == ApplicationState.RiskAssessment), "state=RiskAssessment");
        await Count(Permissions.ApproveApplications, "Approval", await WithinMyLimitAsync(open.Where(a => a.State == ApplicationState.PendingApproval), ct),
            "state=PendingApproval&withinMyLimit=true");
        await Count(Permissions.DisburseLoans, "Payout", open.Where(a => a.State == ApplicationState.ContractSigned), "state=ContractSigned");
        waiting.Add(new WaitingWork("Mine", await open.CountAsync(a => a.AssigneeId == Me, ct), $"assignee={QueueAssignee.Me}"));
        return waiting;
    }

    public async Task<StaffMember> SetApprovalLimitAsync(string userId, ApprovalLimit request, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        DomainValidationException.ThrowIfInvalid([request]);
        var person = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException(SharedText.CaseAssigneeUnknown);
        var isApprover = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                where ur.UserId == userId && r.Name == Roles.Approver select ur).AnyAsync(ct);
        if (!isApprover && request.Limit is not null)
            throw new DomainValidationException(nameof(request.Limit), SharedText.CaseLimitOnlyApprovers);
        var before = new { person.ApprovalLimitMinor };
        person.ApprovalLimitMinor = request.Limit is { } l ? Money.ToMinor(l) : null;
        db.Record(Now, await db.ActorAsync(user, ct), "SetApprovalLimit", "User", person.Id, null, before, new { person.ApprovalLimitMinor });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The account changed meanwhile (another administrator, or the person's own settings).
            throw new ConflictException(SharedText.CaseLimitChanged);
        }
        return (await StaffAsync(ct)).Single(s => s.Id == userId);
    }
}
