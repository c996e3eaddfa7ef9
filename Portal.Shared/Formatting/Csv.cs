namespace Portal.Shared.Formatting;

/// <summary>
/// The one way the portal writes CSV text: RFC 4180 quoting, and text a spreadsheet would run as a formula kept as
/// text. A product, customer or promotion named <c>=HYPERLINK(…)</c> must come out as those characters, not as a live
/// link (OWASP "CSV injection"): text starting (after blanks) with = + - @, or with a tab or carriage return, gets a
/// leading apostrophe. (The amounts the portal writes — schedules, statements — are never negative, so no number is
/// taken for a formula; the dashboard writes its numbers without this.)
/// </summary>
public static class Csv
{
    /// <summary>The text as a spreadsheet may safely read it (quoting aside).</summary>
    public static string Neutral(string text) => IsFormula(text) ? "'" + text : text;

    /// <summary>One cell: neutral, and quoted when it holds the separator, a quote or a line break.</summary>
    public static string Cell(string? text, char separator = ',')
    {
        if (string.IsNullOrEmpty(text)) return "";
        text = Neutral(text);
        return text.IndexOfAny([separator, '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    public static string Line(IEnumerable<string?> cells, char separator = ',') =>
        string.Join(separator, cells.Select(c => Cell(c, separator)));

    private static bool IsFormula(string text) =>
        text.Length > 0 && (text[0] is '\t' or '\r' || text.TrimStart() is [('=' or '+' or '-' or '@'), ..]);
}
