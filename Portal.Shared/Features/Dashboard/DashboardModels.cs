using System.Text;

namespace Portal.Shared.Features.Dashboard;

/// <summary>What the dashboard shows: a period of the lender's days, and optionally one product, team, customer manager or promotion.</summary>
public sealed class DashboardFilter
{
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public int? ProductId { get; set; }
    public string? Team { get; set; }
    public string? ManagerId { get; set; }
    public int? PromotionId { get; set; }

    /// <summary>The longest period one request may cover (its figures are by month).</summary>
    public const int MaxDays = 3 * 366;
}

/// <summary>The stages of the application funnel, each counting the applications submitted in the period that reached it.</summary>
public enum FunnelStage { Submitted, Reviewed, Assessed, Decided, Approved, Accepted, Signed, Disbursed }

public sealed record FunnelStep(FunnelStage Stage, int Count);

public sealed record KpiFigures(
    int NewCustomers,
    int Submitted,
    int Decided,
    int Approved,
    decimal? ApprovalRatePercent,
    double? MedianHoursToDecision,
    double? MedianHoursToFirstResponse,
    int MessagesAnswered,
    int DisbursedCount,
    decimal DisbursedAmount,
    decimal OutstandingBalance,
    decimal? OverdueRatioPercent,
    decimal? NonPerformingRatioPercent,
    double? AverageSatisfaction,
    int Ratings,
    int ComplaintsOpened,
    int OpenComplaints,
    int OverdueComplaints);

/// <summary>One month of the period (yyyy-MM, in the lender's calendar).</summary>
public sealed record MonthRow(string Month, int Submitted, int Decided, int Approved, int DisbursedCount, decimal DisbursedAmount);

/// <summary>One product, team, manager or promotion of the period.</summary>
public sealed record BreakdownRow(string Key, string Name, int Submitted, int Decided, int Approved, decimal? ApprovalRatePercent,
    double? MedianHoursToDecision, int DisbursedCount, decimal DisbursedAmount, decimal OutstandingBalance);

public sealed record KpiDashboard(
    DashboardFilter Filter,
    KpiFigures Figures,
    IReadOnlyList<FunnelStep> Funnel,
    IReadOnlyList<MonthRow> ByMonth,
    IReadOnlyList<BreakdownRow> ByProduct,
    IReadOnlyList<BreakdownRow> ByTeam,
    IReadOnlyList<BreakdownRow> ByManager,
    IReadOnlyList<BreakdownRow> ByPromotion,
    string Currency,
    /// <summary>Balances and complaints are as of this moment; everything else is for the period.</summary>
    DateTimeOffset AsOf,
    /// <summary>A customer manager's dashboard: their own figures only.</summary>
    bool OwnFiguresOnly);

public sealed record DashboardChoice(string Key, string Name);

public sealed record DashboardChoices(IReadOnlyList<DashboardChoice> Products, IReadOnlyList<string> Teams, IReadOnlyList<DashboardChoice> Managers,
    IReadOnlyList<DashboardChoice> Promotions, bool OwnFiguresOnly);

public interface IDashboardService
{
    Task<KpiDashboard> GetAsync(DashboardFilter filter, CancellationToken ct = default);
    Task<DashboardChoices> ChoicesAsync(CancellationToken ct = default);
}

/// <summary>CSV of a dashboard table, the same in the browser's download and in tests: invariant numbers, quoted text.</summary>
public static class DashboardCsv
{
    public static string Write(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', header.Select(Cell)));
        foreach (var row in rows) csv.AppendLine(string.Join(',', row.Select(Cell)));
        return csv.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        // Text is always quoted, and kept as text if a spreadsheet would run it as a formula.
        string s => '"' + Formatting.Csv.Neutral(s).Replace("\"", "\"\"") + '"',
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
