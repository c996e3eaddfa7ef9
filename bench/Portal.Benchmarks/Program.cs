using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

// "queue [rows[,rows…]] [runs] [sqlite|postgres]" seeds a database of each size and times the staff queue; anything else goes to BenchmarkDotNet.
if (args is ["queue", ..])
{
    await QueueBenchmark.RunAsync(args.Length > 1 ? args[1].Split(',').Select(int.Parse).ToArray() : [10_000, 100_000, 1_000_000], args.Length > 2 ? int.Parse(args[2]) : 50, args.Length > 3 && args[3] == "postgres");
    return;
}
// "prospects [rows] [runs] [sqlite|postgres]" seeds prospects and times a screening run and the prospect list.
if (args is ["prospects", ..])
{
    await ProspectsBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? int.Parse(args[2]) : 20, args.Length > 3 && args[3] == "postgres");
    return;
}
// "daily-run [loans] [percent behind]" seeds a loan book and times the daily run.
if (args is ["daily-run", ..])
{
    await DailyRunBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
// "dashboard [applications] [runs] [sqlite|postgres]" seeds applications, loans, ratings, complaints and messages and times the KPI dashboard.
if (args is ["dashboard", ..])
{
    await DashboardBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_500_000, args.Length > 2 ? int.Parse(args[2]) : 10, args.Length > 3 && args[3] == "postgres");
    return;
}
// "catalog [connections] [seconds]" drives the catalog page and the same HTML as a static file with wrk.
if (args is ["catalog", ..])
{
    await CatalogPageBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 64, args.Length > 2 ? int.Parse(args[2]) : 20);
    return;
}
// "submit [sqlite|postgres] [workers] [seconds]" submits applications through the API against raw inserts of the same rows.
if (args is ["submit", ..])
{
    await SubmissionBenchmark.RunAsync(args.Length > 1 && args[1] == "postgres", args.Length > 2 ? int.Parse(args[2]) : 8, args.Length > 3 ? int.Parse(args[3]) : 20);
    return;
}
// "wasm [folder]" publishes the portal and the plain template and counts the Brotli bytes a first visit downloads.
if (args is ["wasm", ..])
{
    await WasmDownloadBenchmark.RunAsync(args.Length > 1 ? args[1] : null);
    return;
}
// "signin [samples]" times wrong passwords for accounts that exist against addresses that have none.
if (args is ["signin", ..])
{
    await SignInTimingBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 200);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(CalculatorBenchmarks).Assembly).Run(args);

/// <summary>
/// The engine's two parts apart, for the longest loan: building a 360-month schedule, and solving its annual rate from
/// the cash flows (the root finder over 360 payments) under each regime.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private static readonly LoanTerms Terms = new(1_000_000m, 4.9m, 360, RepaymentMethod.EqualInstalments, new DateOnly(2026, 11, 29),
        [new("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1m, CapAmount: 1_000m), new("service", FeeKind.PerInstalment, FixedAmount: 30m)]);
    private static readonly Schedule Built = Schedule.Build(Terms);

    [Params(RateRegime.CN, RateRegime.US, RateRegime.EU)]
    public RateRegime Regime { get; set; }

    [Benchmark]
    public int Schedule_360_months() => Schedule.Build(Terms).Rows.Count;

    [Benchmark]
    public decimal Apr_solve_360_months() => AnnualRate.Compute(Regime, Built.Advances, Built.Payments);
}

/// <summary>
/// What one calculator keystroke costs: a full quote (schedule + annual rate) — target well under
/// 16 ms (one frame) even for the longest loan, in the browser's slower WebAssembly runtime.
/// And what the catalog pays per product for its APR range (a grid of quotes).
/// </summary>
[MemoryDiagnoser]
public class CalculatorBenchmarks
{
    private static readonly DateOnly Start = new(2026, 11, 29);
    private static readonly Fee[] Fees =
    [
        new("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1m, CapAmount: 1_000m),
        new("service", FeeKind.PerInstalment, FixedAmount: 30m),
    ];

    [Params(RateRegime.CN, RateRegime.US, RateRegime.EU)]
    public RateRegime Regime { get; set; }

    [Benchmark]
    public decimal Quote_24_months() =>
        LoanQuote.For(new LoanTerms(50_000m, 9.6m, 24, RepaymentMethod.EqualInstalments, Start, Fees), Regime).AnnualRatePercent;

    [Benchmark]
    public decimal Quote_360_months() =>
        LoanQuote.For(new LoanTerms(1_000_000m, 4.9m, 360, RepaymentMethod.EqualInstalments, Start, Fees), Regime).AnnualRatePercent;

    /// <summary>The catalog's APR range: a search over every term (computed once per product version and day, then cached).</summary>
    [Benchmark]
    public decimal Apr_range_of_a_product() => new ProductDetails(
        1, 1, "everyday", "Everyday", ProductKind.PersonalConsumer, "", "", 5_000m, 200_000m, 6, 60,
        [RepaymentMethod.EqualInstalments, RepaymentMethod.EqualPrincipal],
        [new(RiskGrade.A, 7.2m), new(RiskGrade.B, 9.6m), new(RiskGrade.C, 12.5m), new(RiskGrade.D, 15.9m), new(RiskGrade.E, null)],
        Fees, new Eligibility(18, 65, 0, 0, true), [], new RepresentativeExample(50_000m, 24, RepaymentMethod.EqualInstalments, RiskGrade.B, 9.6m),
        Regime, "CNY", Start).AprRange().Max;
}
