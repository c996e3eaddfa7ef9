using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Shared.Formatting;

/// <summary>
/// Figures in staff-written texts come from the terms rather than being typed: "{MinAmount}" in a product's description
/// shows as the product's minimum amount in the deployment's currency and the reader's number format, so a text never
/// names another currency than the deployment's, nor a limit the terms no longer have.
/// </summary>
public static partial class TextFigures
{
    public const string MinAmount = "{MinAmount}";
    public const string MaxAmount = "{MaxAmount}";
    public const string MinMonths = "{MinMonths}";
    public const string MaxMonths = "{MaxMonths}";

    public static readonly IReadOnlyList<string> ForProducts = [MinAmount, MaxAmount, MinMonths, MaxMonths];

    /// <summary>A promotion's only figure: its minimum amount.</summary>
    public static readonly IReadOnlyList<string> ForPromotions = [MinAmount];

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();

    /// <summary>Placeholders in the text that are not among <paramref name="known"/> (they would show as typed).</summary>
    public static IEnumerable<string> Unknown(string? text, IReadOnlyList<string> known) =>
        string.IsNullOrEmpty(text) ? [] : Placeholder().Matches(text).Select(m => m.Value).Where(p => !known.Contains(p)).Distinct();

    public static bool Uses(string? text, string placeholder) => text?.Contains(placeholder, StringComparison.Ordinal) == true;

    /// <summary>The text with each placeholder replaced by its figure (encoded, for a text that is HTML).</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> figures, Func<string, string>? encode = null)
    {
        if (text.IndexOf('{') < 0) return text;
        foreach (var (placeholder, figure) in figures)
            text = text.Replace(placeholder, encode is null ? figure : encode(figure), StringComparison.Ordinal);
        return text;
    }

    public static Dictionary<string, string> OfProduct(decimal minAmount, decimal maxAmount, int minMonths, int maxMonths, string currency,
        CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return new()
        {
            [MinAmount] = Display.Money(minAmount, currency, culture),
            [MaxAmount] = Display.Money(maxAmount, currency, culture),
            [MinMonths] = minMonths.ToString(culture),
            [MaxMonths] = maxMonths.ToString(culture),
        };
    }

    /// <summary>A promotion's figures: its minimum amount, when it has one.</summary>
    public static Dictionary<string, string> OfPromotion(decimal? minAmount, string currency, CultureInfo? culture = null) =>
        minAmount is { } min ? new() { [MinAmount] = Display.Money(min, currency, culture ?? CultureInfo.CurrentCulture) } : [];
}
