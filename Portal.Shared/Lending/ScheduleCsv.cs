using System.Globalization;
using System.Text;

namespace Portal.Shared.Lending;

/// <summary>The schedule as CSV for the calculator download.</summary>
public static class ScheduleCsv
{
    public const string Header = "Number,DueDate,Payment,Principal,Interest,Fee,Total,BalanceAfter";

    /// <summary>
    /// One line per instalment, "\n"-terminated, dates ISO 8601 and amounts with two decimals. Invariant by
    /// default so files parse the same everywhere; a culture whose decimal separator is a comma gets
    /// semicolon separators (as spreadsheet software in those locales expects) and its own decimal mark.
    /// </summary>
    public static string Write(Schedule schedule, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        culture ??= CultureInfo.InvariantCulture;
        var separator = culture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',';
        string Amount(decimal value) => value.ToString("0.00", culture);

        var csv = new StringBuilder();
        csv.Append(Header.Replace(',', separator)).Append('\n');
        foreach (var row in schedule.Rows)
        {
            string[] cells =
            [
                row.Number.ToString(CultureInfo.InvariantCulture),
                row.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Amount(row.Payment),
                Amount(row.Principal),
                Amount(row.Interest),
                Amount(row.Fee),
                Amount(row.Total),
                Amount(row.BalanceAfter),
            ];
            csv.Append(Formatting.Csv.Line(cells, separator)).Append('\n');
        }

        return csv.ToString();
    }
}
