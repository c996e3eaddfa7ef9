using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Dashboard;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Dashboard;

/// <summary>
/// The KPI dashboard (issue 5) over a million applications and a million loans, with ratings, complaints and
/// messages: seeds them into a SQLite file (or a PostgreSQL database) through the real migrations, then times
/// <see cref="DashboardService.GetAsync"/> — what the dashboard page and its API run — for the views a supervisor and a
/// customer manager open.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- dashboard [applications] [runs] [sqlite|postgres]
/// </summary>
public static class DashboardBenchmark
{
    private sealed class Staff(string id, bool supervisor) : ICurrentUser
    {
        public string? Id => id;
        public string? Name => "bench";
        public bool Has(string permission) => supervisor || permission != Portal.Shared.Security.Permissions.ViewTeamDashboard;
    }

    private static readonly DateTimeOffset Start = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int applications, int runs, bool postgres)
    {
        var (folder, file, _) = BenchHost.Database();
        var clock = new DailyRunBenchmark.FixedClock(End);
        await using var app = await BenchHost.StartAsync(folder, file, clock, postgres);

        string[] managers;
        (int Product, int Version)[] products;
        int[] promotions;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            managers = await db.Users.Where(u => u.Team != null).Select(u => u.Id).ToArrayAsync();
            products = (await db.Products.Where(p => p.IsPublished).Select(p => new { p.Id, p.CurrentVersionId }).ToListAsync())
                .Select(p => (p.Id, p.CurrentVersionId!.Value)).ToArray();
            promotions = await db.Set<Portal.Server.Features.Promotions.Promotion>().Select(p => p.Id).ToArrayAsync();
        }
        await BulkRows.SeedUnlessKeptAsync(app, applications, $"{applications:N0} applications, their loans, ratings, complaints and messages",
            bulk => SeedAsync(bulk, applications, managers, products, promotions));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Console.WriteLine($"{await db.Applications.CountAsync():N0} applications, {await db.Loans.CountAsync():N0} loans.");
        }

        var today = DateOnly.FromDateTime(End.UtcDateTime);
        var yearAgo = today.AddYears(-1).AddDays(1);
        (string Name, DashboardFilter Filter, bool Supervisor)[] views =
        [
            ("Whole lender, last 12 months", new() { From = yearAgo, To = today }, true),
            ("Whole lender, last month", new() { From = today.AddMonths(-1).AddDays(1), To = today }, true),
            ("Whole lender, last 3 years", new() { From = today.AddYears(-3).AddDays(1), To = today }, true),
            ("One product, last 12 months", new() { From = yearAgo, To = today, ProductId = products[0].Product }, true),
            ("One team, last 12 months", new() { From = yearAgo, To = today, Team = "Retail" }, true),
            ("One promotion, last 12 months", new() { From = yearAgo, To = today, PromotionId = promotions.FirstOrDefault() }, true),
            ("A customer manager's own, last 12 months", new() { From = yearAgo, To = today }, false),
        ];
        Console.WriteLine();
        Console.WriteLine("| View | Submitted in period | Median | p95 |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, filter, supervisor) in views)
        {
            using var scope = app.Services.CreateScope();
            var service = ActivatorUtilities.CreateInstance<DashboardService>(scope.ServiceProvider, (ICurrentUser)new Staff(managers[0], supervisor));
            var first = await service.GetAsync(filter);
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await service.GetAsync(filter);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"| {name} | {first.Figures.Submitted:N0} | {times[times.Count / 2]:N0} ms | {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:N0} ms |");
        }
        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
        BenchHost.Cleanup(folder);
    }

    /// <summary>
    /// Plain inserts in large transactions, with the values EF would write. Most applications are decided (four in five
    /// approved) and most approved ones paid out, so there are about as many loans as applications at 1.25 to 1; some loans
    /// are overdue and a few non-performing. One application in five has a rating, one in fifty a complaint, one in four a
    /// message thread with an answer.
    /// </summary>
    private static async Task SeedAsync(BulkRows bulk, int rows, string[] managers, (int Product, int Version)[] products, int[] promotions)
    {
        var random = new Random(2026);
        var span = (End - Start).TotalSeconds;
        var promoted = new HashSet<(string, int)>();
        var apps = bulk.Table("Applications", "Id, Reference, CustomerId, ProductId, ProductVersionId, ApplicantType, State, AmountMinor, Months, Method, " +
            "PermanentResident, ConsentCreditCheck, ConsentPrivacy, ConsentMarketing, CreatedAt, UpdatedAt, SubmittedAt, ManagerId, ReviewedById, AssessedAt, " +
            "DecidedAt, DeclineReasons, SignedAt, PromotionId, ConcurrencyStamp");
        var loans = bulk.Table("Loans", "Id, Reference, ApplicationId, CustomerId, ProductVersionId, PrincipalMinor, PaidOutMinor, RatePercent, Months, " +
            "Method, Grade, DisbursementDate, DisbursedAt, BankReference, DisbursedById, Status, CreditMinor, PrincipalOutstandingMinor, DaysPastDue, " +
            "Classification, ArrearsMinor, PenaltyMinor, GraceDays, PenaltyMarkupPercent, ConcurrencyStamp, PromotionId, ManagerId");
        var ratings = bulk.Table("ServiceRating", "ApplicationId, CustomerId, Stage, Score, At");
        var complaints = bulk.Table("Complaint", "Id, Reference, CustomerId, Category, Description, ApplicationId, Status, CreatedAt, DueBy, ConcurrencyStamp");
        var messages = bulk.Table("Message", "CustomerId, ApplicationId, SenderId, FromStaff, Text, At");
        for (var done = 0; done < rows; done++)
        {
            if (done % 50_000 == 0 && done > 0)
            {
                await bulk.FlushAsync();
                Console.Write($"\r  {done:N0}");
            }
            var submitted = Start.AddSeconds(span * Math.Pow(random.NextDouble(), 0.7));
            var id = Guid.NewGuid();
            var customer = $"customer-{random.Next(rows / 2)}";
            var (product, version) = products[random.Next(products.Length)];
            var manager = managers[random.Next(managers.Length)];
            int? promotion = promotions.Length > 0 && random.Next(10) == 0 ? promotions[random.Next(promotions.Length)] : null;
            // One application per promotion and customer (the portal's unique index on live ones).
            if (promotion is { } p && !promoted.Add((customer, p))) promotion = null;
            var decided = random.Next(10) < 9 ? submitted.AddHours(2 + random.NextDouble() * 120) : (DateTimeOffset?)null;
            var approved = decided is not null && random.Next(5) > 0;
            var disbursed = approved && random.Next(20) > 0;
            var state = disbursed ? ApplicationState.Disbursed : approved ? ApplicationState.Expired : decided is not null ? ApplicationState.Declined : ApplicationState.RiskAssessment;
            var amount = (long)random.Next(10, 2_000) * 100 * 100;
            apps([id, $"HB-{done:D8}", customer, product, version, "Individual", state.ToString(), amount, 24, "EqualInstalments", true, true, true, false,
                submitted.AddMinutes(-30), submitted.AddDays(1), submitted, manager, manager, submitted.AddHours(1), decided,
                decided is not null && !approved ? "Affordability" : null, disbursed ? decided!.Value.AddDays(1) : null, promotion, Guid.NewGuid()]);
            if (disbursed)
            {
                var paidAt = decided!.Value.AddDays(2);
                var age = (End - paidAt).TotalDays;
                var active = age < 24 * 30.4;
                var behind = active && random.Next(30) == 0 ? random.Next(1, 400) : 0;
                loans([Guid.NewGuid(), $"LN-{done:D8}", id, customer, version, amount, amount, 9.6m, 24, "EqualInstalments", "B",
                    DateOnly.FromDateTime(paidAt.UtcDateTime), paidAt, "BENCH", "system", active ? "Active" : "Closed", 0L,
                    active ? (long)(amount * (1 - age / (24 * 30.4))) : 0L, behind,
                    behind > 360 ? "Loss" : behind > 180 ? "Doubtful" : behind > 90 ? "Substandard" : behind > 0 ? "SpecialMention" : "Normal",
                    0L, 0L, 3, 50m, Guid.NewGuid(), promotion, manager]);
            }
            if (decided is { } when && random.Next(5) == 0)
                ratings([id, customer, "Decision", random.Next(1, 6), when.AddHours(6)]);
            if (random.Next(50) == 0)
            {
                var opened = submitted.AddDays(random.Next(1, 30));
                complaints([Guid.NewGuid(), $"CP-{done:D8}", customer, "Service", "Bench complaint", id,
                    opened < End.AddDays(-20) ? "Resolved" : "Open", opened, opened.AddDays(15), Guid.NewGuid()]);
            }
            if (random.Next(4) == 0)
            {
                var asked = submitted.AddHours(3);
                messages([customer, id, customer, false, "Question", asked]);
                messages([customer, id, manager, true, "Answer", asked.AddHours(1 + random.NextDouble() * 30)]);
            }
        }
        await bulk.FlushAsync();
        await bulk.AnalyzeAsync();
        Console.WriteLine();
    }
}
