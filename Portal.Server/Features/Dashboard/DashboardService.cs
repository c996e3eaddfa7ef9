using System.Linq.Expressions;
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
using Portal.Shared.Formatting;
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
        var loans = await FilteredLoansAsync(f, teams, ct);
        var months = MonthStarts(f);

        // Submitted in the period, by month and key, with every stage of the funnel they reached: one grouped query.
        var submitted = await apps.Where(a => a.SubmittedAt >= from && a.SubmittedAt < until)
            .Select(Project<LoanApplication>(a => a.SubmittedAt, months, a => new Keyed
            {
                ProductId = a.ProductId, ManagerId = a.ManagerId, PromotionId = a.PromotionId,
                Reviewed = a.ReviewedById != null, Assessed = a.AssessedAt != null, Decided = a.DecidedAt != null,
                Approved = a.DecidedAt != null && a.DeclineReasons == null, Accepted = Accepted.Contains(a.State), Signed = a.SignedAt != null,
                Disbursed = a.State == ApplicationState.Disbursed,
            }))
            .GroupBy(k => new { k.Month, k.ProductId, k.ManagerId, k.PromotionId })
            .Select(g => new Group(g.Key.Month, g.Key.ProductId, g.Key.ManagerId, g.Key.PromotionId, g.Count(), 0,
                new[] { g.Count(), g.Count(k => k.Reviewed), g.Count(k => k.Assessed), g.Count(k => k.Decided), g.Count(k => k.Approved),
                    g.Count(k => k.Accepted), g.Count(k => k.Signed), g.Count(k => k.Disbursed) }))
            .ToListAsync(ct);

        // Decided in the period: read whole (from an index that covers them) for the medians.
        var decided = (await apps.Where(a => a.DecidedAt >= from && a.DecidedAt < until)
                .Select(a => new { a.DecidedAt, a.SubmittedAt, a.ProductId, a.ManagerId, a.PromotionId, Approved = a.DeclineReasons == null })
                .ToListAsync(ct))
            .Select(a => new Decision(MonthIndex(months, a.DecidedAt!.Value), a.ProductId, a.ManagerId, a.PromotionId,
                (a.DecidedAt!.Value - a.SubmittedAt!.Value).TotalHours, a.Approved))
            .ToList();

        // Paid out in the period and the book now, from the loans alone (product by version, manager copied at payout).
        var versions = await db.ProductVersions.AsNoTracking().ToDictionaryAsync(v => v.Id, v => v.ProductId, ct);
        var paidOut = (await loans.Where(l => l.DisbursedAt >= from && l.DisbursedAt < until)
                .Select(Project<Loan>(l => l.DisbursedAt, months, l => new Keyed { ProductId = l.ProductVersionId, ManagerId = l.ManagerId, PromotionId = l.PromotionId, AmountMinor = l.PrincipalMinor }))
                .GroupBy(k => new { k.Month, k.ProductId, k.ManagerId, k.PromotionId })
                .Select(g => new { g.Key.Month, g.Key.ProductId, g.Key.ManagerId, g.Key.PromotionId, Count = g.Count(), Minor = g.Sum(k => k.AmountMinor) })
                .ToListAsync(ct))
            .Select(g => new Group(g.Month, versions[g.ProductId], g.ManagerId, g.PromotionId, g.Count, g.Minor, []))
            .ToList();
        var book = (await loans.Where(l => l.Status == LoanStatus.Active)
                .GroupBy(l => new { l.ProductVersionId, l.ManagerId, l.PromotionId })
                .Select(g => new
                {
                    g.Key.ProductVersionId, g.Key.ManagerId, g.Key.PromotionId,
                    Outstanding = g.Sum(l => l.PrincipalOutstandingMinor),
                    Overdue = g.Sum(l => l.DaysPastDue > 0 ? l.PrincipalOutstandingMinor : 0),
                    NonPerforming = g.Sum(l => NonPerforming.Contains(l.Classification) ? l.PrincipalOutstandingMinor : 0),
                })
                .ToListAsync(ct))
            .Select(g => new Balance(versions[g.ProductVersionId], g.ManagerId, g.PromotionId, g.Outstanding, g.Overdue, g.NonPerforming))
            .ToList();

        var outstanding = book.Sum(b => b.OutstandingMinor);
        var rated = db.Set<ServiceRating>().AsNoTracking().Where(r => r.At >= from && r.At < until);
        if (!Unfiltered(f)) rated = rated.Where(r => apps.Any(a => a.Id == r.ApplicationId));
        var ratings = await rated.GroupBy(r => 1).Select(g => new { Count = g.Count(), Sum = g.Sum(r => r.Score) }).FirstOrDefaultAsync(ct);
        var complaints = Complaints(f, apps);
        var responses = await FirstResponsesAsync(f, apps, from, until, ct);
        var funnel = Enumerable.Range(0, 8).Select(i => submitted.Sum(g => g.Stages[i])).ToArray();

        var figures = new KpiFigures(
            NewCustomers: await NewCustomersAsync(f, apps, from, until, ct),
            Submitted: funnel[0],
            Decided: decided.Count,
            Approved: decided.Count(d => d.Approved),
            ApprovalRatePercent: Rate(decided.Count(d => d.Approved), decided.Count),
            MedianHoursToDecision: Median([.. decided.Select(d => d.Hours)]),
            MedianHoursToFirstResponse: Median(responses),
            MessagesAnswered: responses.Count,
            DisbursedCount: paidOut.Sum(p => p.Count),
            DisbursedAmount: Money.FromMinor(paidOut.Sum(p => p.AmountMinor)),
            OutstandingBalance: Money.FromMinor(outstanding),
            OverdueRatioPercent: Rate(book.Sum(b => b.OverdueMinor), outstanding),
            NonPerformingRatioPercent: Rate(book.Sum(b => b.NonPerformingMinor), outstanding),
            AverageSatisfaction: ratings is { Count: > 0 } r ? Math.Round((double)r.Sum / r.Count, 2) : null,
            Ratings: ratings?.Count ?? 0,
            ComplaintsOpened: await complaints.CountAsync(c => c.CreatedAt >= from && c.CreatedAt < until, ct),
            OpenComplaints: await complaints.CountAsync(c => c.Status != ComplaintStatus.Resolved, ct),
            OverdueComplaints: await complaints.CountAsync(c => c.Status != ComplaintStatus.Resolved && c.DueBy < now, ct));

        var productNames = (await db.Products.AsNoTracking().Where(p => p.CurrentVersionId != null).Select(p => new { p.Id, p.CurrentVersion!.Name, p.CurrentVersion.NameZh }).ToListAsync(ct))
            .ToDictionary(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p => Bilingual.Pick(p.Name, p.NameZh));
        var managerNames = await ManagersAsync(ct);
        var promotionNames = (await db.Set<Promotion>().AsNoTracking().Select(p => new { p.Id, p.Title, p.TitleZh, p.MinAmountMinor }).ToListAsync(ct))
            .ToDictionary(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p => PromotionWords.TitleOf(p.Title, p.TitleZh, p.MinAmountMinor, disclosure.Value.Currency));
        var none = SharedText.DashboardNone;

        List<BreakdownRow> By(Func<int, string?, int?, string?> key, IReadOnlyDictionary<string, string> names) =>
            Breakdown(submitted, decided, paidOut, book, key, k => k is null ? none : names.GetValueOrDefault(k, k));

        return new KpiDashboard(f, figures,
            [.. Enum.GetValues<FunnelStage>().Select((stage, i) => new FunnelStep(stage, funnel[i]))],
            [.. months.SkipLast(1).Select((start, i) => new MonthRow(calendar.DateOn(start).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                submitted.Where(g => g.Month == i).Sum(g => g.Count), decided.Count(d => d.Month == i), decided.Count(d => d.Month == i && d.Approved),
                paidOut.Where(g => g.Month == i).Sum(g => g.Count), Money.FromMinor(paidOut.Where(g => g.Month == i).Sum(g => g.AmountMinor))))],
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
        var zh = Bilingual.IsChinese();
        var products = (await db.Products.AsNoTracking().Where(p => p.CurrentVersionId != null)
            .Select(p => new DashboardChoice(p.Id.ToString(), zh && p.CurrentVersion!.NameZh != "" ? p.CurrentVersion.NameZh : p.CurrentVersion!.Name)).ToListAsync(ct))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        var promotions = (await db.Set<Promotion>().AsNoTracking().Where(p => p.PublishedAt != null).OrderByDescending(p => p.PublishedAt)
            .Select(p => new { p.Id, p.Title, p.TitleZh, p.MinAmountMinor }).ToListAsync(ct))
            .Select(p => new DashboardChoice(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), PromotionWords.TitleOf(p.Title, p.TitleZh, p.MinAmountMinor, disclosure.Value.Currency)))
            .ToList();
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

    /// <summary>The loans the filter covers, by their own columns: product through its versions, the manager copied at payout.</summary>
    private async Task<IQueryable<Loan>> FilteredLoansAsync(DashboardFilter f, Dictionary<string, string> teams, CancellationToken ct)
    {
        var q = db.Loans.AsNoTracking();
        if (f.ProductId is { } product)
        {
            var versions = await db.ProductVersions.Where(v => v.ProductId == product).Select(v => v.Id).ToListAsync(ct);
            q = q.Where(l => versions.Contains(l.ProductVersionId));
        }
        if (f.PromotionId is { } promotion) q = q.Where(l => l.PromotionId == promotion);
        if (f.ManagerId is { } manager) q = q.Where(l => l.ManagerId == manager);
        if (f.Team is { } team)
        {
            var members = teams.Where(t => t.Value == team).Select(t => t.Key).ToList();
            q = q.Where(l => l.ManagerId != null && members.Contains(l.ManagerId));
        }
        return q;
    }

    private static bool Unfiltered(DashboardFilter f) => f is { ProductId: null, PromotionId: null, ManagerId: null, Team: null };

    /// <summary>Customers who registered in the period (and, with a filter, applied within it).</summary>
    private async Task<int> NewCustomersAsync(DashboardFilter f, IQueryable<LoanApplication> apps, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var registered = db.InRoles([Roles.Customer]).AsNoTracking().Where(u => u.CreatedAt >= from && u.CreatedAt < until);
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

    private async Task<Dictionary<string, string>> ManagersAsync(CancellationToken ct) =>
        await db.InRoles([Roles.CustomerManager]).AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

    /// <summary>What the grouped queries project each row to: its month of the period, its keys and what it counts.</summary>
    private sealed class Keyed
    {
        public int Month { get; set; }
        public int ProductId { get; set; }
        public string? ManagerId { get; set; }
        public int? PromotionId { get; set; }
        public long AmountMinor { get; set; }
        public bool Reviewed { get; set; }
        public bool Assessed { get; set; }
        public bool Decided { get; set; }
        public bool Approved { get; set; }
        public bool Accepted { get; set; }
        public bool Signed { get; set; }
        public bool Disbursed { get; set; }
    }

    /// <summary>One month and key of the period: how many, how much, and (for submissions) how many reached each funnel stage.</summary>
    private sealed record Group(int Month, int ProductId, string? ManagerId, int? PromotionId, int Count, long AmountMinor, int[] Stages);
    private sealed record Decision(int Month, int ProductId, string? ManagerId, int? PromotionId, double Hours, bool Approved);
    private sealed record Balance(int ProductId, string? ManagerId, int? PromotionId, long OutstandingMinor, long OverdueMinor, long NonPerformingMinor);

    /// <summary>The instants the period's months (of the lender's calendar) begin, and the end of the period last.</summary>
    private List<DateTimeOffset> MonthStarts(DashboardFilter f)
    {
        var starts = new List<DateTimeOffset> { calendar.StartOf(f.From) };
        for (var m = new DateOnly(f.From.Year, f.From.Month, 1).AddMonths(1); m <= f.To; m = m.AddMonths(1)) starts.Add(calendar.StartOf(m));
        starts.Add(calendar.StartOf(f.To.AddDays(1)));
        return starts;
    }

    private static int MonthIndex(List<DateTimeOffset> starts, DateTimeOffset at) => starts.Count(s => s <= at) - 1;

    /// <summary>
    /// The row's projection with its month computed by the database: the number of month starts after the first that
    /// are at or before the instant (a sum of comparisons, the same SQL on SQLite and PostgreSQL).
    /// </summary>
    private static Expression<Func<T, Keyed>> Project<T>(Expression<Func<T, DateTimeOffset?>> at, List<DateTimeOffset> starts, Expression<Func<T, Keyed>> rest) =>
        WithMonth(at.Body, at.Parameters[0], starts, rest);

    private static Expression<Func<T, Keyed>> Project<T>(Expression<Func<T, DateTimeOffset>> at, List<DateTimeOffset> starts, Expression<Func<T, Keyed>> rest) =>
        WithMonth(Expression.Convert(at.Body, typeof(DateTimeOffset?)), at.Parameters[0], starts, rest);

    private static Expression<Func<T, Keyed>> WithMonth<T>(Expression at, ParameterExpression atParameter, List<DateTimeOffset> starts, Expression<Func<T, Keyed>> rest)
    {
        var row = rest.Parameters[0];
        var instant = new Rebind(atParameter, row).Visit(at);
        Expression month = Expression.Constant(0);
        foreach (var start in starts.Skip(1).SkipLast(1))
            month = Expression.Add(month, Expression.Condition(
                Expression.GreaterThanOrEqual(instant, Expression.Constant(start, typeof(DateTimeOffset?))), Expression.Constant(1), Expression.Constant(0)));
        var init = (MemberInitExpression)rest.Body;
        return Expression.Lambda<Func<T, Keyed>>(
            Expression.MemberInit(init.NewExpression, [Expression.Bind(typeof(Keyed).GetProperty(nameof(Keyed.Month))!, month), .. init.Bindings]), row);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>The period's figures per key (a product, team, manager or promotion; "" for none), each list grouped once.</summary>
    private static List<BreakdownRow> Breakdown(List<Group> submitted, List<Decision> decided, List<Group> paidOut, List<Balance> book,
        Func<int, string?, int?, string?> key, Func<string?, string> name)
    {
        string Key(int product, string? manager, int? promotion) => key(product, manager, promotion) ?? "";
        var s = submitted.GroupBy(g => Key(g.ProductId, g.ManagerId, g.PromotionId)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var d = decided.GroupBy(x => Key(x.ProductId, x.ManagerId, x.PromotionId)).ToDictionary(g => g.Key, g => g.ToList());
        var p = paidOut.GroupBy(g => Key(g.ProductId, g.ManagerId, g.PromotionId)).ToDictionary(g => g.Key, g => (Count: g.Sum(x => x.Count), Minor: g.Sum(x => x.AmountMinor)));
        var o = book.GroupBy(b => Key(b.ProductId, b.ManagerId, b.PromotionId)).ToDictionary(g => g.Key, g => g.Sum(b => b.OutstandingMinor));
        return [.. s.Keys.Union(d.Keys).Union(p.Keys).Union(o.Keys).Select(k =>
        {
            var decisions = d.GetValueOrDefault(k) ?? [];
            var approved = decisions.Count(x => x.Approved);
            return new BreakdownRow(k, name(k.Length == 0 ? null : k), s.GetValueOrDefault(k), decisions.Count, approved, Rate(approved, decisions.Count),
                Median([.. decisions.Select(x => x.Hours)]), p.GetValueOrDefault(k).Count, Money.FromMinor(p.GetValueOrDefault(k).Minor),
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
