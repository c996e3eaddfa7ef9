extern alias client;
using client::Portal.Client.Features.Dashboard;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Complaints;
using Portal.Server.Features.Feedback;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Server.Tests.Loans;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Dashboard;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Dashboard;

/// <summary>Its own database: the seeded loans and complaints must not show in other tests' queues.</summary>
public sealed class DashboardFactory : PortalFactory;

[CollectionDefinition(nameof(DashboardCollection))]
public sealed class DashboardCollection : ICollectionFixture<DashboardFactory>;

/// <summary>
/// The KPI dashboard on known data: a product of its own with six applications over January and February 2025, two
/// managers in two teams, two loans, ratings, complaints and messages. Each figure is checked exactly.
/// </summary>
[Collection(nameof(DashboardCollection))]
public sealed class DashboardTests(DashboardFactory app)
{
    private static readonly TimeZoneInfo Lender = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateTimeOffset At(int month, int day, int hour = 10)
    {
        var local = new DateTime(2025, month, day, hour, 0, 0);
        return new DateTimeOffset(local, Lender.GetUtcOffset(local)).ToUniversalTime();
    }

    private sealed record Seeded(int ProductId, string M1, string M2, string M1Email, string TeamA, string TeamB);

    private static Seeded? seeded;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<Seeded> SeedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return seeded ??= await SeedOnceAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<Seeded> SeedOnceAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (teamA, teamB) = ($"Team A {suffix}", $"Team B {suffix}");
        var m1Email = await app.CreateUserAsync(Roles.CustomerManager);
        var m2Email = await app.CreateUserAsync(Roles.CustomerManager);
        var customers = new List<string>();
        for (var i = 0; i < 6; i++) customers.Add(await app.UserIdAsync(await app.CreateUserAsync(Roles.Customer)));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var m1 = await db.Users.SingleAsync(u => u.Email == m1Email);
        var m2 = await db.Users.SingleAsync(u => u.Email == m2Email);
        (m1.Team, m2.Team) = (teamA, teamB);
        // Customer 0 registered before the period; the others within it.
        foreach (var (id, i) in customers.Select((id, i) => (id, i)))
            (await db.Users.SingleAsync(u => u.Id == id)).CreatedAt = i == 0 ? At(1, 1).AddDays(-40) : At(1, 2 + i);

        var template = await db.ProductVersions.AsNoTracking().FirstAsync(v => db.Products.Any(p => p.Slug == "everyday-personal-loan" && p.CurrentVersionId == v.Id));
        var product = new Product { Slug = "kpi-" + suffix, UpdatedAt = At(1, 1) };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        template.Id = 0;
        template.ProductId = product.Id;
        template.Version = 1;
        db.ProductVersions.Add(template);
        await db.SaveChangesAsync();
        product.CurrentVersionId = template.Id;

        LoanApplication Application(int customer, string manager, DateTimeOffset submitted, ApplicationState state, DateTimeOffset? decided = null,
            bool declined = false, bool assessed = true, bool signed = false) => new()
        {
            Id = Guid.NewGuid(), Reference = References.New("KP-"), CustomerId = customers[customer], ProductId = product.Id,
            ProductVersionId = template.Id, ApplicantType = ApplicantType.Individual, State = state, AmountMinor = 1_000_000, Months = 12,
            Method = RepaymentMethod.EqualInstalments, CreatedAt = submitted, UpdatedAt = submitted, SubmittedAt = submitted,
            ManagerId = manager, ReviewedById = manager, AssessedAt = assessed ? submitted.AddHours(1) : null, DecidedAt = decided,
            DeclineReasons = declined ? nameof(DeclineReason.Affordability) : null, SignedAt = signed ? decided!.Value.AddDays(1) : null,
        };
        // Submitted in December, decided on 1 January after 312 hours: a decision of the period, not a submission.
        var a0 = Application(0, m1.Id, At(1, 1).AddDays(-13), ApplicationState.Approved);
        a0.DecidedAt = a0.SubmittedAt!.Value.AddHours(312);
        var a1 = Application(1, m1.Id, At(1, 5), ApplicationState.Disbursed, At(1, 6), signed: true);
        var a2 = Application(2, m1.Id, At(1, 7), ApplicationState.Declined, At(1, 9), declined: true);
        var a3 = Application(3, m2.Id, At(2, 3), ApplicationState.Approved, At(2, 3, 22));
        var a4 = Application(4, m2.Id, At(2, 10), ApplicationState.RiskAssessment, assessed: false);
        var a5 = Application(5, m2.Id, At(2, 15), ApplicationState.Disbursed, At(2, 16, 10), signed: true);
        db.Applications.AddRange(a0, a1, a2, a3, a4, a5);

        Loan LoanOf(LoanApplication a, DateTimeOffset paidAt, long principal, long outstanding, int daysPastDue, LoanClassification classification) => new()
        {
            Id = Guid.NewGuid(), Reference = References.New("KL-"), ApplicationId = a.Id, CustomerId = a.CustomerId,
            ProductVersionId = template.Id, PrincipalMinor = principal, PaidOutMinor = principal, RatePercent = 9.6m, Months = 12,
            Method = RepaymentMethod.EqualInstalments, Grade = Portal.Shared.Features.Catalog.RiskGrade.B, DisbursementDate = DateOnly.FromDateTime(paidAt.UtcDateTime),
            DisbursedAt = paidAt, BankReference = "KPI", DisbursedById = "system", Status = LoanStatus.Active, PrincipalOutstandingMinor = outstanding,
            DaysPastDue = daysPastDue, Classification = classification, ManagerId = a.ManagerId,
        };
        var l1 = LoanOf(a1, At(1, 10), 1_000_000, 800_000, 0, LoanClassification.Normal);
        var l5 = LoanOf(a5, At(2, 20), 2_000_000, 1_500_000, 100, LoanClassification.Substandard);
        db.Loans.AddRange(l1, l5);

        db.Set<ServiceRating>().AddRange(
            new ServiceRating { ApplicationId = a1.Id, CustomerId = a1.CustomerId, Stage = RatingStage.Decision, Score = 5, At = At(1, 6, 12) },
            new ServiceRating { ApplicationId = a2.Id, CustomerId = a2.CustomerId, Stage = RatingStage.Decision, Score = 2, At = At(1, 10) },
            new ServiceRating { ApplicationId = a5.Id, CustomerId = a5.CustomerId, Stage = RatingStage.Decision, Score = 4, At = At(2, 17) });

        db.Set<Complaint>().AddRange(
            new Complaint { Id = Guid.NewGuid(), Reference = References.New("KC-"), CustomerId = a2.CustomerId, ApplicationId = a2.Id,
                Category = ComplaintCategory.Decision, Description = "Why declined?", Status = ComplaintStatus.Resolved, CreatedAt = At(1, 12), DueBy = At(1, 27),
                Resolution = "Explained.", ResolvedAt = At(1, 14) },
            new Complaint { Id = Guid.NewGuid(), Reference = References.New("KC-"), CustomerId = a5.CustomerId, LoanId = l5.Id,
                Category = ComplaintCategory.Fees, Description = "Late fee", Status = ComplaintStatus.Open, CreatedAt = At(2, 25), DueBy = At(3, 12) });

        Message Said(LoanApplication a, bool staff, DateTimeOffset at) =>
            new() { CustomerId = a.CustomerId, ApplicationId = a.Id, SenderId = staff ? m1.Id : a.CustomerId, FromStaff = staff, Text = "…", At = at };
        db.Set<Message>().AddRange(
            Said(a1, false, At(1, 5, 12)), Said(a1, true, At(1, 5, 15)),
            Said(a1, false, At(1, 6, 9)), Said(a1, false, At(1, 6, 10)), Said(a1, true, At(1, 6, 13)),
            Said(a5, false, At(2, 16, 8)));
        await db.SaveChangesAsync();
        return new Seeded(product.Id, m1.Id, m2.Id, m1Email, teamA, teamB);
    }

    private static string Query(Seeded s, string more = "") => $"/api/staff/dashboard?from=2025-01-01&to=2025-02-28&product={s.ProductId}{more}";

    /// <summary>The dashboard as its page asks for it (its own client builds the query).</summary>
    private static Task<KpiDashboard> DashboardAsync(HttpClient staff, Seeded s, string? team = null) =>
        ClientApi.Of<DashboardHttpClient>(staff).GetAsync(new() { From = new(2025, 1, 1), To = new(2025, 2, 28), ProductId = s.ProductId, Team = team });

    [Fact]
    public async Task Every_figure_of_a_product_is_exact()
    {
        var s = await SeedAsync();
        var supervisor = await Borrowers.StaffAsync(app, "supervisor@demo.portal");
        var d = await DashboardAsync(supervisor, s);
        var f = d.Figures;

        Assert.False(d.OwnFiguresOnly);
        Assert.Equal(5, f.NewCustomers);
        Assert.Equal((5, 5, 4), (f.Submitted, f.Decided, f.Approved));
        Assert.Equal(80.00m, f.ApprovalRatePercent);
        Assert.Equal(24, f.MedianHoursToDecision);
        Assert.Equal((3.5, 2), (f.MedianHoursToFirstResponse, f.MessagesAnswered));
        Assert.Equal((2, 30_000m), (f.DisbursedCount, f.DisbursedAmount));
        Assert.Equal(23_000m, f.OutstandingBalance);
        Assert.Equal(65.22m, f.OverdueRatioPercent);
        Assert.Equal(65.22m, f.NonPerformingRatioPercent);
        Assert.Equal((3.67, 3), (f.AverageSatisfaction, f.Ratings));
        Assert.Equal((2, 1, 1), (f.ComplaintsOpened, f.OpenComplaints, f.OverdueComplaints));

        Assert.Equal([5, 5, 4, 4, 3, 2, 2, 2], d.Funnel.Select(x => x.Count));
        Assert.Equal(
            [new MonthRow("2025-01", 2, 3, 2, 1, 10_000m), new MonthRow("2025-02", 3, 2, 2, 1, 20_000m)],
            d.ByMonth);
        var m1 = d.ByManager.Single(r => r.Key == s.M1);
        Assert.Equal((2, 3, 2, 66.67m, 48.0, 1, 10_000m, 8_000m),
            (m1.Submitted, m1.Decided, m1.Approved, m1.ApprovalRatePercent, m1.MedianHoursToDecision, m1.DisbursedCount, m1.DisbursedAmount, m1.OutstandingBalance));
        var m2 = d.ByManager.Single(r => r.Key == s.M2);
        Assert.Equal((3, 2, 2, 100.00m, 18.0, 1, 20_000m, 15_000m),
            (m2.Submitted, m2.Decided, m2.Approved, m2.ApprovalRatePercent, m2.MedianHoursToDecision, m2.DisbursedCount, m2.DisbursedAmount, m2.OutstandingBalance));
        Assert.Equal([s.TeamB, s.TeamA], d.ByTeam.Select(t => t.Name));
        Assert.Equal(5, Assert.Single(d.ByProduct).Submitted);
        Assert.Equal("(none)", Assert.Single(d.ByPromotion).Name);
    }

    [Fact]
    public async Task A_team_filter_keeps_its_managers_figures()
    {
        var s = await SeedAsync();
        var supervisor = await Borrowers.StaffAsync(app, "supervisor@demo.portal");
        var d = await DashboardAsync(supervisor, s, team: s.TeamB);
        Assert.Equal((3, 2, 2, 1, 20_000m, 15_000m),
            (d.Figures.Submitted, d.Figures.Decided, d.Figures.Approved, d.Figures.DisbursedCount, d.Figures.DisbursedAmount, d.Figures.OutstandingBalance));
        Assert.Equal(100.00m, d.Figures.NonPerformingRatioPercent);
        Assert.Equal((1, 0), (d.Figures.ComplaintsOpened, d.Figures.MessagesAnswered));
    }

    [Fact]
    public async Task A_customer_manager_sees_their_own_figures_and_nobody_else_sees_the_dashboard()
    {
        var s = await SeedAsync();
        var manager = await Borrowers.StaffAsync(app, s.M1Email);
        var own = await DashboardAsync(manager, s);
        Assert.True(own.OwnFiguresOnly);
        Assert.Equal(s.M1, own.Filter.ManagerId);
        Assert.Equal((2, 3, 2, 1), (own.Figures.Submitted, own.Figures.Decided, own.Figures.Approved, own.Figures.DisbursedCount));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync(Query(s, $"&manager={s.M2}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync(Query(s, $"&team={Uri.EscapeDataString(s.TeamA)}"))).StatusCode);
        var choices = await Applicants.Read<DashboardChoices>(await manager.GetAsync("/api/staff/dashboard/choices"));
        Assert.True(choices.OwnFiguresOnly);
        Assert.Empty(choices.Managers);

        foreach (var role in new[] { Roles.RiskOfficer, Roles.Approver, Roles.LoanOperations, Roles.Marketing, Roles.ProductManager, Roles.Administrator, Roles.Customer })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(role)).GetAsync(Query(s))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlessClient().GetAsync(Query(s))).StatusCode);
    }

    [Fact]
    public async Task A_careless_period_is_refused_with_the_reason()
    {
        var supervisor = await Borrowers.StaffAsync(app, "supervisor@demo.portal");
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/staff/dashboard?from=2025-03-01&to=2025-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/staff/dashboard?from=2015-01-01&to=2025-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/staff/dashboard?from=yesterday&to=2025-01-01")).StatusCode);
    }

    [Fact]
    public void The_csv_keeps_numbers_invariant_and_text_inert()
    {
        var csv = DashboardCsv.Write(["Name", "Amount"], [["=HYPERLINK(\"x\")", 1234.5m], ["Zhang \"Min\"", null], ["  +1", -2m], ["\tcmd", 0]]);
        Assert.Equal("\"Name\",\"Amount\"\r\n\"'=HYPERLINK(\"\"x\"\")\",1234.5\r\n\"Zhang \"\"Min\"\"\",\r\n\"'  +1\",-2\r\n\"'\tcmd\",0\r\n"
            .Replace("\r\n", Environment.NewLine), csv);
    }
}
