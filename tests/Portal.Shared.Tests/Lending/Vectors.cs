using System.Globalization;
using System.Text.Json;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

/// <summary>Reads the reference vectors copied next to the test assembly; numbers are never retyped here.</summary>
internal static class Vectors
{
    public sealed record RateCase(string Id, RateRegime Regime, IReadOnlyList<DatedAmount> Advances, IReadOnlyList<DatedAmount> Payments, decimal ExpectedPercent, int Decimals);

    public sealed record ScheduleRow(int Number, decimal Payment, decimal Interest, decimal Principal, decimal BalanceAfter);

    public sealed record ScheduleCase(
        string Id, decimal Principal, decimal AnnualRatePercent, int Months, RepaymentMethod Method,
        decimal FirstPayment, decimal LastPayment, decimal TotalInterest, decimal TotalPaid, IReadOnlyList<ScheduleRow> Rows);

    private static readonly Lazy<IReadOnlyList<RateCase>> RateCases = new(() => Load("annual-rates.json", ParseRateCase));
    private static readonly Lazy<IReadOnlyList<ScheduleCase>> ScheduleCases = new(() => Load("schedules.json", ParseScheduleCase));

    public static IReadOnlyList<RateCase> Rates => RateCases.Value;

    public static IReadOnlyList<ScheduleCase> Schedules => ScheduleCases.Value;

    public static TheoryData<string> RateIds() => new(Rates.Select(c => c.Id));

    public static TheoryData<string> ScheduleIds() => new(Schedules.Select(c => c.Id));

    private static IReadOnlyList<T> Load<T>(string file, Func<JsonElement, T> parse)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", file)));
        return json.RootElement.EnumerateArray().Select(parse).ToList();
    }

    private static RateCase ParseRateCase(JsonElement e) => new(
        e.GetProperty("id").GetString()!,
        Enum.Parse<RateRegime>(e.GetProperty("regime").GetString()!),
        Flows(e.GetProperty("advances")),
        Flows(e.GetProperty("payments")),
        Number(e.GetProperty("expectedPercent")),
        e.GetProperty("decimals").GetInt32());

    private static ScheduleCase ParseScheduleCase(JsonElement e) => new(
        e.GetProperty("id").GetString()!,
        Number(e.GetProperty("principal")),
        Number(e.GetProperty("annualRatePercent")),
        e.GetProperty("months").GetInt32(),
        Enum.Parse<RepaymentMethod>(e.GetProperty("method").GetString()!),
        Number(e.GetProperty("firstPayment")),
        Number(e.GetProperty("lastPayment")),
        Number(e.GetProperty("totalInterest")),
        Number(e.GetProperty("totalPaid")),
        e.TryGetProperty("rows", out var rows)
            ? rows.EnumerateArray().Select(r => new ScheduleRow(
                r.GetProperty("number").GetInt32(),
                Number(r.GetProperty("payment")),
                Number(r.GetProperty("interest")),
                Number(r.GetProperty("principal")),
                Number(r.GetProperty("balanceAfter")))).ToList()
            : []);

    private static List<DatedAmount> Flows(JsonElement array) =>
        array.EnumerateArray()
            .Select(f => new DatedAmount(DateOnly.ParseExact(f.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), Number(f.GetProperty("amount"))))
            .ToList();

    // Amounts appear both as JSON numbers and as strings; both are read as exact decimals.
    private static decimal Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? decimal.Parse(e.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture) : e.GetDecimal();
}
