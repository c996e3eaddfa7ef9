using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Prospects;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Prospects;

/// <summary>
/// Prospects at a million (issue 17): seeds them into a fresh SQLite file (or PostgreSQL database) through the real
/// migrations, then times a screening run (<see cref="ScreeningService.ScreenAsync"/>, target under 5 s) and the prospect
/// list's views, first page and deep page (<see cref="ProspectsService.ListAsync"/>).
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- prospects [rows] [runs] [sqlite|postgres]
/// </summary>
public static class ProspectsBenchmark
{
    public static async Task RunAsync(int rows, int runs, bool postgres)
    {
        var (folder, file, _) = BenchHost.Database(rows);
        await using var app = await BenchHost.StartAsync(folder, file, postgres: postgres);
        string[] managers;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            managers = await db.Users.Where(u => u.Email!.StartsWith("manager")).Select(u => u.Id).ToArrayAsync();
            if (await db.Set<Prospect>().CountAsync() < rows)
            {
                Console.WriteLine($"Seeding {rows:N0} prospects ({app.Configuration["Database:Provider"]}) …");
                var seeding = Stopwatch.StartNew();
                await using var bulk = await BulkRows.OpenAsync(app);
                // After the demo's own prospects, numbered on from them.
                await SeedAsync(bulk, rows, managers, await db.Set<Prospect>().MaxAsync(p => (long?)p.Number) ?? 0);
                Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:N0} s.");
            }
        }

        using var work = app.Services.CreateScope();
        var me = (ICurrentUser)new PageTiming.Anyone(managers[0]);
        var screening = ActivatorUtilities.CreateInstance<ScreeningService>(work.ServiceProvider, me);
        var prospects = ActivatorUtilities.CreateInstance<ProspectsService>(work.ServiceProvider, me);
        var criteria = await screening.SaveCriteriaAsync(null, new ScreeningCriteriaEdit
        {
            Name = $"Bench {Guid.NewGuid():N}", Regions = ["Region 1", "Region 2", "Region 3", "Region 4", "Region 5"], SectorsOut = [Sector.Construction],
            MinMonthlyIncome = 6_000m, MinAnnualRevenue = 500_000m, MinYearsTrading = 2, MinAge = 22, MaxAge = 60,
        });

        Console.WriteLine();
        Console.WriteLine($"{rows:N0} prospects:");
        Console.WriteLine("| Screening run | Time | Target | Not now | Excluded |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var summary = await screening.ScreenAsync(new RunScreening(criteria.Id, null, null));
            Console.WriteLine($"| {(i == 0 ? "first" : "again")} | {watch.Elapsed.TotalSeconds:N2} s | {summary.Target:N0} | {summary.NotNow:N0} | {summary.Excluded:N0} |");
        }

        (string Name, ProspectQuery Query, int DeepRow)[] views =
        [
            ("All, newest first", new ProspectQuery(), 500_000),
            ("Targets, newest first", new ProspectQuery { Screening = ScreeningResult.Target }, 20_000),
            ("Unassigned, newest first", new ProspectQuery { Owner = ProspectOwner.Nobody }, 20_000),
            ("One manager's, newest first", new ProspectQuery { Owner = ProspectOwner.Me }, 2_000),
            ("One manager's follow-ups, by date", new ProspectQuery { Owner = ProspectOwner.Me, Sort = ProspectSort.NextStep }, 1_000),
            ("One region, newest first", new ProspectQuery { Region = "Region 7" }, 5_000),
            ("Name search \"wang\", name order", new ProspectQuery { Search = "wang", Sort = ProspectSort.Name }, 20_000),
        ];
        Console.WriteLine();
        Console.WriteLine("| List view | First page median | First page p95 | Deep page (row) | Deep median | Deep p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, query, millionthRow) in views)
        {
            var deepRow = (int)((long)millionthRow * rows / 1_000_000);
            var first = await PageTiming.TimeAsync(() => prospects.ListAsync(query), p => p.Items.Count, runs);
            var after = await CursorAtAsync(prospects, query, deepRow);
            (double Median, double P95)? deep = after is null ? null : await PageTiming.TimeAsync(() => prospects.ListAsync(Copy(query, after)), p => p.Items.Count, runs);
            Console.WriteLine($"| {name} | {first.Median:N2} ms | {first.P95:N2} ms | {(deep is null ? "—" : $"{deepRow:N0}")} | " +
                              $"{(deep is null ? "—" : $"{deep.Value.Median:N2} ms")} | {(deep is null ? "—" : $"{deep.Value.P95:N2} ms")} |");
        }
        BenchHost.Cleanup(folder);
    }

    private static ProspectQuery Copy(ProspectQuery q, string? after, int? size = null) => new()
    {
        Search = q.Search, Screening = q.Screening, Stage = q.Stage, Source = q.Source, Owner = q.Owner, Region = q.Region, Sort = q.Sort,
        After = after, PageSize = size ?? q.PageSize,
    };

    private static async Task<string?> CursorAtAsync(ProspectsService prospects, ProspectQuery query, int row)
    {
        string? after = null;
        for (var seen = 0; seen < row;)
        {
            var page = await prospects.ListAsync(Copy(query, after, 100));
            seen += page.Items.Count;
            if (page.NextCursor is null) return null;
            after = page.NextCursor;
        }
        return after;
    }

    /// <summary>
    /// People and businesses in 30 regions, most new (never contacted), a fifth with a manager and a follow-up date, a
    /// few with contact stopped; every figure a criterion asks about is sometimes missing.
    /// </summary>
    private static async Task SeedAsync(BulkRows bulk, int rows, string[] managers, long after)
    {
        string[] surnames = ["wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao", "lin"];
        var sectors = Enum.GetValues<Sector>();
        var random = new Random(2026);
        var table = bulk.Table("Prospects", "Number, Id, Reference, Kind, Name, SearchName, Phone, PhoneKey, Region, Sector, MonthlyIncomeMinor, AnnualRevenueMinor, " +
            "YearsTrading, BirthDate, Source, ConsentBasis, ConsentOn, Stopped, Stage, OwnerId, NextStepOn, CreatedAt, ConcurrencyStamp");
        var screenings = bulk.Table("ProspectScreenings", "Number, Result, Reason");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var span = (new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero) - start).TotalSeconds;
        for (var done = 0; done < rows; done++)
        {
            if (done % 50_000 == 0 && done > 0)
            {
                await bulk.FlushAsync();
                Console.Write($"\r  {done:N0}");
            }
            var business = random.Next(3) == 0;
            var name = $"{surnames[random.Next(surnames.Length)]} {(char)('a' + random.Next(26))}{random.Next(1000)}";
            var phone = $"13{done:D9}";
            // Entered in time order, as they would have been: the key is the order of entry.
            var created = start.AddSeconds(span * done / rows);
            var owned = random.Next(5) == 0;
            var stage = owned ? (random.Next(2) == 0 ? ProspectStage.Contacted : ProspectStage.Interested) : ProspectStage.New;
            table([after + done + 1, Guid.NewGuid(), $"PR-{done:D8}", business ? "Business" : "Individual", name, name, phone, phone, $"Region {random.Next(30)}",
                random.Next(10) == 0 ? null : sectors[random.Next(sectors.Length)].ToString(),
                business || random.Next(10) == 0 ? null : (long)random.Next(2_000, 40_000) * 100,
                !business || random.Next(10) == 0 ? null : (long)random.Next(100_000, 20_000_000) * 100,
                business && random.Next(10) > 0 ? random.Next(0, 30) : null,
                business || random.Next(10) == 0 ? null : new DateOnly(1950, 1, 1).AddDays(random.Next(365 * 55)),
                random.Next(3) switch { 0 => "Website", 1 => "Manager", _ => "Import" }, "GaveDetailsInPerson", DateOnly.FromDateTime(created.Date),
                random.Next(50) == 0 ? "DoNotContact" : null, stage.ToString(),
                owned ? managers[random.Next(managers.Length)] : null, owned ? new DateOnly(2026, 11, 1).AddDays(random.Next(60)) : null, created, Guid.NewGuid()]);
            screenings([after + done + 1, (int)ScreeningResult.Unscreened, (int)ScreeningReason.None]);
        }
        await bulk.FlushAsync();
        await bulk.AnalyzeAsync();
        Console.WriteLine();
    }
}
