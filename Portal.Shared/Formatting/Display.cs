using System.Globalization;

namespace Portal.Shared.Formatting;

/// <summary>Amounts, percentages and dates in the reader's culture, the currency per deployment.</summary>
public static class Display
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CNY"] = "¥", ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["HKD"] = "HK$",
    };

    public static string Money(decimal amount, string currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = Symbols.TryGetValue(currency, out var symbol) ? symbol : currency + " ";
        format.CurrencyDecimalDigits = 2;
        return amount.ToString("C", format);
    }

    /// <summary>A percentage given in percent (9.69 → "9.69%"), to two decimals.</summary>
    public static string Percent(decimal percent, CultureInfo? culture = null, int decimals = 2)
    {
        culture ??= CultureInfo.CurrentCulture;
        return (Math.Round(percent, decimals, MidpointRounding.AwayFromZero) / 100m).ToString("P" + decimals, culture);
    }

    public static string PercentRange(decimal min, decimal max, CultureInfo? culture = null) =>
        Math.Round(min, 2) == Math.Round(max, 2) ? Percent(min, culture) : $"{Percent(min, culture)} – {Percent(max, culture)}";

    public static string Date(DateOnly date, CultureInfo? culture = null) =>
        date.ToString("d", culture ?? CultureInfo.CurrentCulture);
}
