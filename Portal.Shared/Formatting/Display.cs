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

    /// <summary>
    /// A date no reader can misread: "7 Jan 2027" in English, "2027年1月7日" in Chinese (a culture's short form is
    /// "1/7/2027" in the US and "7/1/2027" elsewhere). The month's name comes from the culture.
    /// </summary>
    public static string Date(DateOnly date, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return date.ToString(IsChinese(culture) ? "yyyy年M月d日" : "d MMM yyyy", culture);
    }

    /// <summary>The date of a moment, as <see cref="Date(DateOnly, CultureInfo?)"/>, in the reader's time zone.</summary>
    public static string Date(DateTimeOffset at, CultureInfo? culture = null) => Date(DateOnly.FromDateTime(at.ToLocalTime().DateTime), culture);

    /// <summary>A moment in the reader's time zone: "7 Jan 2027, 14:05" or "2027年1月7日 14:05".</summary>
    public static string DateTime(DateTimeOffset at, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var local = at.ToLocalTime();
        var time = local.ToString("HH:mm", culture);
        return IsChinese(culture) ? $"{Date(local, culture)} {time}" : $"{Date(local, culture)}, {time}";
    }

    /// <summary>How date fields read and write a date: year first, the same in every language, never ambiguous.</summary>
    public const string DateFieldFormat = "yyyy-MM-dd";

    private static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";
}
