using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Complaints;
using Portal.Server.Features.Feedback;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Messages;
using Portal.Server.Features.Promotions;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Dashboard;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Dashboard;

/// <summary>
/// The KPI dashboard, from the tables the rest of the portal writes: applications (submitted, decided, their manager
/// and promotion), loans (paid out, outstanding, overdue, classified), ratings, complaints and messages. Counts and
/// sums are done by the database; medians and the months of the lender's calendar from the few columns they need.
/// </summary>
public sealed class DashboardService(PortalDbContext db, ICurrentUser user, TimeProvider clock, LocalCalendar calendar,
    IOptions<DisclosureOptions> disclosure) : IDashboardService
{
    private static readonly ApplicationState[] Accepted = [ApplicationState.OfferAccepted, ApplicationState.ContractSigned, ApplicationState.Disbursed];
    private static readonly LoanClassification[] NonPerforming = [LoanClassification.Substandard, LoanClassification.Doubtful, LoanClassification.Loss];

    public async Task<KpiDashboard> GetAsync(DashboardFilter filter, CancellationToken ct = default)
    {
        var f = Scope(filter);
        if (f.To < f.From) throw new DomainValidationException(nameof(f.To), SharedText.DashboardPeriodOrder);
        if (f.To.DayNumber - f.From.DayNumber >= DashboardFilter.MaxDays) throw new DomainValidationException(nameof(f.To), SharedText.DashboardPeriodTooLong);
        var (from, until) = (calendar.StartOf(f.From), calendar.StartOf(f.To.AddDays(1)));
        var now = clock.GetUtcNow();
        var teams = await TeamsAsync(ct);
        var apps = Filtered(f, teams);
        var submitted = apps.Where(a => a.SubmittedAt >= from && a.SubmittedAt < until);

        var funnel = await submitted.GroupBy(a => 1).Select(g => new
        {
            Submitted = g.Count(),
            Reviewed = g.Count(a => a.ReviewedById != null),
            Assessed = g.Count(a => a.AssessedAt != null),
            Decided = g.Count(a => a.DecidedAt != null),
            Approved = g.Count(a => a.DecidedAt != null && a.DeclineReasons == null),
            Accepted = g.Count(a => Accepted.Contains(a.State)),
            Signed = g.Count(a => a.SignedAt != null),
            Disbursed = g.Count(a => a.State == ApplicationState.Disbursed),
        }).FirstOrDefaultAsync(ct);

        var submittedRows = await submitted.Select(a => new Row(a.SubmittedAt!.Value, a.ProductId, a.ManagerId, a.PromotionId, 0)).ToListAsync(ct);
        var decidedRows = (await apps.Where(a => a.DecidedAt >= from && a.DecidedAt < until)
                .Select(a => new { a.DecidedAt, a.SubmittedAt, a.ProductId, a.ManagerId, a.PromotionId, Approved = a.DeclineReasons == null })
                .ToListAsync(ct))
            .Select(a => new Decision(new Row(a.DecidedAt!.Value, a.ProductId, a.ManagerId, a.PromotionId, 0), a.DecidedAt!.Value - a.SubmittedAt!.Value, a.Approved))
            .ToList();
        var paidOut = await db.Loans.AsNoTracking().Where(l => l.DisbursedAt >= from && l.DisbursedAt < until)
            .Join(apps, l => l.ApplicationId, a => a.Id, (l, a) => new Row(l.DisbursedAt, a.ProductId, a.ManagerId, a.PromotionId, l.PrincipalMinor))
            .ToListAsync(ct);
        var book = await db.Loans.AsNoTracking().Where(l => l.Status == LoanStatus.Active)
            .Join(apps, l => l.ApplicationId, a => a.Id, (l, a) => new { l, a })
            .GroupBy(x => new { x.a.ProductId, x.a.ManagerId, x.a.PromotionId })
            .Select(g => new Balance(g.Key.ProductId, g.Key.ManagerId, g.Key.PromotionId,
                g.Sum(x => x.l.PrincipalOutstandingMinor),
                g.Sum(x => x.l.DaysPastDue > 0 ? x.l.PrincipalOutstandingMinor : 0),
                g.Sum(x => NonPerforming.Contains(x.l.Classification) ? x.l.PrincipalOutstandingMinor : 0)))
            .ToListAsync(ct);

        var outstanding = book.Sum(b => b.OutstandingMinor);
        var ratings = await db.Set<ServiceRating>().AsNoTracking().Where(r => r.At >= from && r.At < until)
            .Join(apps, r => r.ApplicationId, a => a.Id, (r, a) => r.Score).ToListAsync(ct);
        var complaints = Complaints(f, apps);
        var responses = await FirstResponsesAsync(f, apps, from, until, ct);
        var decisionHours = decidedRows.Select(d => d.Duration.TotalHours).ToList();

        var figures = new KpiFigures(
            NewCustomers: await NewCustomersAsync(f, apps, from, until, ct),
            Submitted: submittedRows.Count,
            Decided: decidedRows.Count,
            Approved: decidedRows.Count(d => d.Approved),
            ApprovalRatePercent: Rate(decidedRows.Count(d => d.Approved), decidedRows.Count),
            MedianHoursToDecision: Median(decisionHours),
            MedianHoursToFirstResponse: Median(responses),
            MessagesAnswered: responses.Count,
            DisbursedCount: paidOut.Count,
            DisbursedAmount: Money.FromMinor(paidOut.Sum(p => p.AmountMinor)),
            OutstandingBalance: Money.FromMinor(outstanding),
            OverdueRatioPercent: Rate(book.Sum(b => b.OverdueMinor), outstanding),
            NonPerformingRatioPercent: Rate(book.Sum(b => b.NonPerformingMinor), outstanding),
            AverageSatisfaction: ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2),
            Ratings: ratings.Count,
            ComplaintsOpened: await complaints.CountAsync(c => c.CreatedAt >= from && c.CreatedAt < until, ct),
            OpenComplaints: await complaints.CountAsync(c => c.Status != ComplaintStatus.Resolved, ct),
            OverdueComplaints: await complaints.CountAsync(c => c.Status != ComplaintStatus.Resolved && c.DueBy < now, ct));

        var productNames = (await db.Products.AsNoTracking().Where(p => p.CurrentVersionId != null).Select(p => new { p.Id, p.CurrentVersion!.Name }).ToListAsync(ct))
            .ToDictionary(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Name);
        var managerNames = await ManagersAsync(ct);
        var promotionNames = (await db.Set<Promotion>().AsNoTracking().Select(p => new { p.Id, p.Title }).ToListAsync(ct))
            .ToDictionary(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Title);
        var none = SharedText.DashboardNone;

        List<BreakdownRow> By(Func<int, string?, int?, string?> key, IReadOnlyDictionary<string, string> names) =>
            Breakdown(submittedRows, decidedRows, paidOut, book, key, k => k is null ? none : names.GetValueOrDefault(k, k));

        return new KpiDashboard(f, figures,
            [
                new(FunnelStage.Submitted, funnel?.Submitted ?? 0), new(FunnelStage.Reviewed, funnel?.Reviewed ?? 0),
                new(FunnelStage.Assessed, funnel?.Assessed ?? 0), new(FunnelStage.Decided, funnel?.Decided ?? 0),
                new(FunnelStage.Approved, funnel?.Approved ?? 0), new(FunnelStage.Accepted, funnel?.Accepted ?? 0),
                new(FunnelStage.Signed, funnel?.Signed ?? 0), new(FunnelStage.Disbursed, funnel?.Disbursed ?? 0),
            ],
            Months(f, submittedRows, decidedRows, paidOut),
            By((p, _, _) => p.ToString(System.Globalization.CultureInfo.InvariantCulture), productNames),
            By((_, m, _) => m is null ? null : teams.GetValueOrDefault(m), teams.Values.Distinct().ToDictionary(t => t, t => t)),
            By((_, m, _) => m, managerNames),
            By((_, _, p) => p?.ToString(System.Globalization.CultureInfo.InvariantCulture), promotionNames),
            disclosure.Value.Currency, now, !user.Has(Permissions.ViewTeamDashboard));
    }

    public async Task<DashboardChoices> ChoicesAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ViewDashboard);
        var team = user.Has(Permissions.ViewTeamDashboard);
        var products = await db.Products.AsNoTracking().Where(p => p.CurrentVersionId != null).OrderBy(p => p.CurrentVersion!.Name)
            .Select(p => new DashboardChoice(p.Id.ToString(), p.CurrentVersion!.Name)).ToListAsync(ct);
        var promotions = await db.Set<Promotion>().AsNoTracking().Where(p => p.PublishedAt != null).OrderByDescending(p => p.PublishedAt)
            .Select(p => new DashboardChoice(p.Id.ToString(), p.Title)).ToListAsync(ct);
        var managers = team ? [.. (await ManagersAsync(ct)).Select(m => new DashboardChoice(m.Key, m.Value)).OrderBy(m => m.Name)] : new List<DashboardChoice>();
        var teams = team ? [.. (await TeamsAsync(ct)).Values.Distinct().Order()] : new List<string>();
        return new DashboardChoices(products, teams, managers, promotions, !team);
    }

    /// <summary>A customer manager's dashboard is theirs: their own figures, never a team's or another manager's.</summary>
    private DashboardFilter Scope(DashboardFilter f)
    {
        user.Require(Permissions.ViewDashboard);
        if (user.Has(Permissions.ViewTeamDashboard)) return f;
        if (f.Team is not null || (f.ManagerId is not null && f.ManagerId != user.Id)) throw new ForbiddenException(SharedText.DashboardOwnOnly);
        return new DashboardFilter { From = f.From, To = f.To, ProductId = f.ProductId, PromotionId = f.PromotionId, ManagerId = user.Id };
    }

    private IQueryable<LoanApplication> Filtered(DashboardFilter f, Dictionary<string, string> teams)
    {
        var q = db.Applications.AsNoTracking();
        if (f.ProductId is { } product) q = q.Where(a => a.ProductId == product);
        if (f.PromotionId is { } promotion) q = q.Where(a => a.PromotionId == promotion);
        if (f.ManagerId is { } manager) q = q.Where(a => a.ManagerId == manager);
        if (f.Team is { } team)
        {
            var members = teams.Where(t => t.Value == team).Select(t => t.Key).ToList();
            q = q.Where(a => a.ManagerId != null && members.Contains(a.ManagerId));
        }
        return q;
    }

    private static bool Unfiltered(DashboardFilter f) => f is { ProductId: null, PromotionId: null, ManagerId: null, Team: null };

    /// <summary>Customers who registered in the period (and, with a filter, applied within it).</summary>
    private async Task<int> NewCustomersAsync(DashboardFilter f, IQueryable<LoanApplication> apps, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var customerRole = await db.Roles.Where(r => r.Name == Roles.Customer).Select(r => r.Id).FirstAsync(ct);
        var registered = db.Users.AsNoTracking().Where(u => u.CreatedAt >= from && u.CreatedAt < until && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == customerRole));
        if (!Unfiltered(f)) registered = registered.Where(u => apps.Any(a => a.CustomerId == u.Id && a.SubmittedAt != null));
        return await registered.CountAsync(ct);
    }

    /// <summary>Complaints of the filtered applications (directly or through their loan); every complaint without a filter.</summary>
    private IQueryable<Complaint> Complaints(DashboardFilter f, IQueryable<LoanApplication> apps)
    {
        var all = db.Set<Complaint>().AsNoTracking();
        if (Unfiltered(f)) return all;
        return all.Where(c => (c.ApplicationId != null && apps.Any(a => a.Id == c.ApplicationId))
            || (c.LoanId != null && db.Loans.Any(l => l.Id == c.LoanId && apps.Any(a => a.Id == l.ApplicationId))));
    }

    /// <summary>
    /// Hours from a customer's message to the next staff message in the same thread, for customer messages written in the
    /// period (a run of customer messages waits from its first). Unanswered ones are not counted.
    /// </summary>
    private async Task<List<double>> FirstResponsesAsync(DashboardFilter f, IQueryable<LoanApplication> apps, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var messages = db.Set<Message>().AsNoTracking().Where(m => m.At >= from);
        if (!Unfiltered(f))
        {
            // Product questions belong to no manager or promotion: with those filters only application threads count.
            var productOnly = f is { PromotionId: null, ManagerId: null, Team: null };
            messages = messages.Where(m => (m.ApplicationId != null && apps.Any(a => a.Id == m.ApplicationId))
                || (productOnly && m.ApplicationId == null && m.ProductId == f.ProductId));
        }
        var rows = await messages.Select(m => new { m.CustomerId, m.ApplicationId, m.ProductId, m.FromStaff, m.At }).ToListAsync(ct);
        var hours = new List<double>();
        foreach (var thread in rows.GroupBy(m => (m.CustomerId, m.ApplicationId, m.ProductId)))
        {
            DateTimeOffset? waiting = null;
            foreach (var m in thread.OrderBy(m => m.At))
            {
                if (!m.FromStaff) waiting ??= m.At;
                else if (waiting is { } since)
                {
                    if (since < until) hours.Add((m.At - since).TotalHours);
                    waiting = null;
                }
            }
        }
        return hours;
    }

    /// <summary>Staff with a team, by id.</summary>
    private async Task<Dictionary<string, string>> TeamsAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Team != null).ToDictionaryAsync(u => u.Id, u => u.Team!, ct);

    private async Task<Dictionary<string, string>> ManagersAsync(CancellationToken ct)
    {
        var roles = Permissions.GrantedTo[Permissions.ViewDashboard].Where(r => r == Roles.CustomerManager).ToList();
        return await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private sealed record Row(DateTimeOffset At, int ProductId, string? ManagerId, int? PromotionId, long AmountMinor);
    private sealed record Decision(Row Row, TimeSpan Duration, bool Approved);
    private sealed record Balance(int ProductId, string? ManagerId, int? PromotionId, long OutstandingMinor, long OverdueMinor, long NonPerformingMinor);

    private List<MonthRow> Months(DashboardFilter f, List<Row> submitted, List<Decision> decided, List<Row> paidOut)
    {
        string Month(DateTimeOffset at) => calendar.DateOn(at).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var months = new List<string>();
        for (var m = new DateOnly(f.From.Year, f.From.Month, 1); m <= f.To; m = m.AddMonths(1))
            months.Add(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        var s = submitted.GroupBy(r => Month(r.At)).ToDictionary(g => g.Key, g => g.Count());
        var d = decided.GroupBy(r => Month(r.Row.At)).ToDictionary(g => g.Key, g => (All: g.Count(), Approved: g.Count(x => x.Approved)));
        var p = paidOut.GroupBy(r => Month(r.At)).ToDictionary(g => g.Key, g => (Count: g.Count(), Minor: g.Sum(x => x.AmountMinor)));
        return [.. months.Select(m => new MonthRow(m, s.GetValueOrDefault(m), d.GetValueOrDefault(m).All, d.GetValueOrDefault(m).Approved,
            p.GetValueOrDefault(m).Count, Money.FromMinor(p.GetValueOrDefault(m).Minor)))];
    }

    /// <summary>The period's figures per key (a product, team, manager or promotion; "" for none), each list grouped once.</summary>
    private static List<BreakdownRow> Breakdown(List<Row> submitted, List<Decision> decided, List<Row> paidOut, List<Balance> book,
        Func<int, string?, int?, string?> key, Func<string?, string> name)
    {
        string Key(int product, string? manager, int? promotion) => key(product, manager, promotion) ?? "";
        var s = submitted.GroupBy(r => Key(r.ProductId, r.ManagerId, r.PromotionId)).ToDictionary(g => g.Key, g => g.Count());
        var d = decided.GroupBy(x => Key(x.Row.ProductId, x.Row.ManagerId, x.Row.PromotionId)).ToDictionary(g => g.Key, g => g.ToList());
        var p = paidOut.GroupBy(r => Key(r.ProductId, r.ManagerId, r.PromotionId)).ToDictionary(g => g.Key, g => (Count: g.Count(), Minor: g.Sum(x => x.AmountMinor)));
        var o = book.GroupBy(b => Key(b.ProductId, b.ManagerId, b.PromotionId)).ToDictionary(g => g.Key, g => g.Sum(b => b.OutstandingMinor));
        return [.. s.Keys.Union(d.Keys).Union(p.Keys).Union(o.Keys).Select(k =>
        {
            var decisions = d.GetValueOrDefault(k) ?? [];
            var approved = decisions.Count(x => x.Approved);
            return new BreakdownRow(k, name(k.Length == 0 ? null : k), s.GetValueOrDefault(k), decisions.Count, approved, Rate(approved, decisions.Count),
                Median([.. decisions.Select(x => x.Duration.TotalHours)]), p.GetValueOrDefault(k).Count, Money.FromMinor(p.GetValueOrDefault(k).Minor),
                Money.FromMinor(o.GetValueOrDefault(k)));
        }).OrderByDescending(r => r.Submitted).ThenBy(r => r.Name)];
    }

    /// <summary>A share in percent to two decimals (banker's rounding as everywhere in the portal), or null when there is nothing to share.</summary>
    internal static decimal? Rate(long part, long whole) => whole == 0 ? null : Math.Round(100m * part / whole, 2);

    internal static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.Round(median, 2);
    }
}

public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/dashboard").WithTags("Dashboard").RequireCsrfHeader().RequireAuthorization(Permissions.ViewDashboard);
        api.MapGet("/", async ([AsParameters] DashboardQuery q, IDashboardService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(q.ToFilter(), ct)))
            .WithSummary("KPIs of a period (and optionally a product, team, customer manager or promotion); a customer manager gets their own");
        api.MapGet("/choices", async (IDashboardService s, CancellationToken ct) => TypedResults.Ok(await s.ChoicesAsync(ct)))
            .WithSummary("The products, teams, managers and promotions the caller may filter by");
        return app;
    }

    public sealed record DashboardQuery(DateOnly From, DateOnly To, int? Product, string? Team, string? Manager, int? Promotion)
    {
        public DashboardFilter ToFilter() => new()
        {
            From = From, To = To, ProductId = Product, Team = string.IsNullOrWhiteSpace(Team) ? null : Team,
            ManagerId = string.IsNullOrWhiteSpace(Manager) ? null : Manager, PromotionId = Promotion,
        };
    }
}
