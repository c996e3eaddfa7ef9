using System.Globalization;

namespace Portal.Shared.Formatting;

/// <summary>
/// The texts staff write in English and Simplified Chinese (products, promotions). A reader gets their own language,
/// or silently the other one where it has not been written yet; staff are the ones told what is missing.
/// </summary>
public static class Bilingual
{
    /// <summary>Whether the reader (the request's UI culture, or the one given) reads Chinese.</summary>
    public static bool IsChinese(CultureInfo? culture = null) => (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName == "zh";

    /// <summary>The text in the reader's language, or in the other one when the reader's is empty.</summary>
    public static string Pick(string? english, string? chinese, CultureInfo? culture = null)
    {
        english = english?.Trim() ?? "";
        chinese = chinese?.Trim() ?? "";
        var (mine, other) = IsChinese(culture) ? (chinese, english) : (english, chinese);
        return mine.Length > 0 ? mine : other;
    }

    /// <summary>The fields written in English with no Chinese yet, by name (staff see them marked).</summary>
    public static List<string> MissingChinese(params (string Field, string? English, string? Chinese)[] texts) =>
        [.. texts.Where(t => !string.IsNullOrWhiteSpace(t.English) && string.IsNullOrWhiteSpace(t.Chinese)).Select(t => t.Field)];

    /// <summary>The same for a list written in both languages side by side (a product's documents).</summary>
    public static bool AnyMissing(IReadOnlyList<string> english, IReadOnlyList<string>? chinese) =>
        english.Select((e, i) => !string.IsNullOrWhiteSpace(e) && (chinese is null || i >= chinese.Count || string.IsNullOrWhiteSpace(chinese[i]))).Any(m => m);
}
