using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Server;
using Portal.Server.Data;
using Portal.Server.Features.Casework;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;

/// <summary>
/// The staff work queue over up to a million applications (issues 3 and 6): seeds them into a fresh SQLite file (or PostgreSQL database)
/// through the real migrations, then times <see cref="WorkQueueService.QueueAsync"/> — the query the
/// queue page and its API run — on its first page and on a deep page, for the common views, at each size asked.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- queue [rows[,rows…]] [runs] [sqlite|postgres]
/// </summary>
public static class QueueBenchmark
{
    /// <summary>
    /// Seeds and times each size in turn (a fresh file each), then sets the sizes side by side: a queue whose every view
    /// is an index read in order should not slow down as the book grows (target: the largest / the smallest ≤ 1.5).
    /// Deep pages are reached at the same share of each size (row 20,000 of a million is row 200 of 10,000).
    /// </summary>
    public static async Task RunAsync(int[] sizes, int runs, bool postgres)
    {
        var results = new List<(int Rows, string View, (double Median, double P95) First, (double Median, double P95)? Deep)>();
        // A first pass over the smallest size, not reported: the process's first queries paid for the JIT and the
        // caches (the first size measured came out slower than the next, even after a second of warm-up per view).
        if (sizes.Length > 1) await RunAsync(sizes.Min(), runs, postgres);
        foreach (var rows in sizes)
            results.AddRange((await RunAsync(rows, runs, postgres)).Select(r => (rows, r.View, r.First, r.Deep)));
        if (sizes.Length < 2) return;

        string Size(int rows) => rows >= 1_000_000 ? $"{rows / 1_000_000.0:0.#}M" : $"{rows / 1000.0:0.#}k";
        var (smallest, largest) = (sizes.Min(), sizes.Max());
        Console.WriteLine();
        Console.WriteLine("Medians by size (first page / deep page at the same share of the rows):");
        Console.WriteLine($"| View | {string.Join(" | ", sizes.Select(Size))} | {Size(largest)} / {Size(smallest)} |");
        Console.WriteLine($"|---|{string.Concat(sizes.Select(_ => "---:|"))}---:|");
        foreach (var view in results.Select(r => r.View).Distinct())
        {
            var of = results.Where(r => r.View == view).ToDictionary(r => r.Rows);
            string Cell(int rows) => $"{of[rows].First.Median:N2} / {(of[rows].Deep is { } d ? $"{d.Median:N2}" : "—")} ms";
            string Ratio(Func<int, double?> median) => median(largest) is { } l && median(smallest) is { } s ? $"{l / s:N2}" : "—";
            Console.WriteLine($"| {view} | {string.Join(" | ", sizes.Select(Cell))} | {Ratio(n => of[n].First.Median)} / {Ratio(n => of[n].Deep?.Median)} |");
        }
    }

    private static async Task<List<(string View, (double Median, double P95) First, (double Median, double P95)? Deep)>> RunAsync(int rows, int runs, bool postgres)
    {
        var (folder, file, _) = BenchHost.Database(rows);
        await using var app = await BenchHost.StartAsync(folder, file, postgres: postgres);
        string[] staff;
        (int Product, int Version)[] products;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            staff = await db.Users.Where(u => u.Email!.EndsWith("@demo.portal") && u.Email != "customer@demo.portal" && u.Email != "business@demo.portal")
                .Select(u => u.Id).ToArrayAsync();
            products = (await db.Products.Where(p => p.IsPublished).Select(p => new { p.Id, p.CurrentVersionId }).ToListAsync())
                .Select(p => (p.Id, p.CurrentVersionId!.Value)).ToArray();
        }
        await BulkRows.SeedUnlessKeptAsync(app, rows, $"{rows:N0} applications", bulk => SeedAsync(bulk, rows, staff, products));

        using var work = app.Services.CreateScope();
        var casework = ActivatorUtilities.CreateInstance<WorkQueueService>(work.ServiceProvider, (ICurrentUser)new PageTiming.Anyone(staff[0]));
        var assignee = staff[0];
        // Deep rows are given for a million applications and scaled to the size measured.
        (string Name, QueueQuery Query, int DeepRow)[] views =
        [
            ("Open cases, oldest first", new QueueQuery(), 20_000),
            ("All cases, newest first", new QueueQuery { OpenOnly = false, Sort = QueueSort.NewestFirst }, 500_000),
            ("Open cases, largest first", new QueueQuery { Sort = QueueSort.LargestFirst }, 20_000),
            ("Pending approval, largest first", new QueueQuery { State = ApplicationState.PendingApproval, Sort = QueueSort.LargestFirst }, 5_000),
            ("One assignee's open cases", new QueueQuery { Assignee = assignee }, 2_000),
            ("One product, open", new QueueQuery { Product = "everyday-personal-loan" }, 5_000),
            ("Name search \"wang\", name order", new QueueQuery { Search = "wang", OpenOnly = false, Sort = QueueSort.Name }, 20_000),
            ("Name search \"wang f\", oldest first", new QueueQuery { Search = "wang f", OpenOnly = false }, 1_000),
        ];
        var results = new List<(string, (double, double), (double, double)?)>();
        Console.WriteLine();
        Console.WriteLine($"{rows:N0} applications:");
        Console.WriteLine($"| View | First page median | First page p95 | Deep page (row) | Deep median | Deep p95 |");
        Console.WriteLine($"|---|---|---|---|---|---|");
        foreach (var (name, query, millionthRow) in views)
        {
            var deepRow = (int)((long)millionthRow * rows / 1_000_000);
            var first = await PageTiming.TimeAsync(() => casework.QueueAsync(query), p => p.Rows.Count, runs);
            // The cursor a person reaches after paging to that row (found once, by walking 100-row pages).
            var after = await CursorAtAsync(casework, query, deepRow);
            (double Median, double P95)? deep = after is null ? null : await PageTiming.TimeAsync(() => casework.QueueAsync(query with { After = after }), p => p.Rows.Count, runs);
            Console.WriteLine($"| {name} | {first.Median:N2} ms | {first.P95:N2} ms | {(deep is null ? "—" : $"{deepRow:N0}")} | " +
                              $"{(deep is null ? "—" : $"{deep.Value.Median:N2} ms")} | {(deep is null ? "—" : $"{deep.Value.P95:N2} ms")} |");
            results.Add((name, first, deep));
        }
        BenchHost.Cleanup(folder);
        return results;
    }

    private static async Task<string?> CursorAtAsync(WorkQueueService casework, QueueQuery query, int row)
    {
        string? after = null;
        for (var seen = 0; seen < row;)
        {
            var page = await casework.QueueAsync(query with { After = after, PageSize = 100 });
            seen += page.Rows.Count;
            if (page.Next is null) return null;
            after = page.Next;
        }
        return after;
    }

    /// <summary>
    /// Plain inserts in large transactions, with the values EF would write (GUIDs as upper-case text,
    /// times as the binary numbers the SQLite context stores). Most cases are closed; about one in
    /// twelve is still open, as at a lender that has been running for years.
    /// </summary>
    private static async Task SeedAsync(BulkRows bulk, int rows, string[] staff, (int Product, int Version)[] products)
    {
        string[] surnames = ["wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao", "lin"];
        ApplicationState[] closed = [ApplicationState.Disbursed, ApplicationState.Declined, ApplicationState.Withdrawn, ApplicationState.Expired];
        ApplicationState[] open = [ApplicationState.Submitted, ApplicationState.InitialReview, ApplicationState.NeedsInformation, ApplicationState.RiskAssessment,
            ApplicationState.PendingApproval, ApplicationState.Approved, ApplicationState.OfferAccepted, ApplicationState.ContractSigned];
        var random = new Random(2026);
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var span = (new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero) - start).TotalSeconds;
        var applications = bulk.Table("Applications", "Id, Reference, CustomerId, ProductId, ProductVersionId, ApplicantType, State, AmountMinor, Months, " +
            "Method, FullName, SearchName, PermanentResident, ConsentCreditCheck, ConsentPrivacy, ConsentMarketing, CreatedAt, UpdatedAt, SubmittedAt, AssigneeId, ConcurrencyStamp");
        for (var done = 0; done < rows; done++)
        {
            if (done % 50_000 == 0 && done > 0)
            {
                await bulk.FlushAsync();
                Console.Write($"\r  {done:N0}");
            }
            var submitted = start.AddSeconds(span * Math.Pow(random.NextDouble(), 0.7));
            var isOpen = random.Next(12) == 0;
            var state = isOpen ? open[random.Next(open.Length)] : closed[random.Next(closed.Length)];
            var (product, version) = products[random.Next(products.Length)];
            var surname = surnames[random.Next(surnames.Length)];
            var name = $"{surname} {(char)('a' + random.Next(26))}{random.Next(1000)}";
            var customer = $"customer-{random.Next(rows / 2)}";
            var amount = (long)random.Next(10, 2_000) * 100 * 100;
            var months = 12 + random.Next(4) * 12;
            var assignee = isOpen && random.Next(3) > 0 ? staff[random.Next(staff.Length)] : null;
            applications([Guid.NewGuid(), $"HB-{done:D8}", customer, product, version, "Individual", state.ToString(), amount, months,
                "EqualInstalments", name, name, true, true, true, false, submitted.AddMinutes(-30), submitted.AddDays(1), submitted, assignee, Guid.NewGuid()]);
        }
        await bulk.FlushAsync();
        await bulk.AnalyzeAsync();
        Console.WriteLine();
    }
}
