namespace Portal.Shared.Lending;

/// <summary>Picks the unit period of a transaction (Reg Z App. J (b)(3)).</summary>
internal static class UnitPeriodChoice
{
    /// <summary>
    /// Single advance, single payment: the term when it is whole months up to a year, the term in days when
    /// shorter than a year, otherwise a year. Otherwise the most frequent common period between successive
    /// dates (ties go to the smaller), or <c>null</c> when no interval is a standard period.
    /// </summary>
    public static UnitPeriod? Common(DateOnly start, IReadOnlyList<DateOnly> advanceDates, IReadOnlyList<DateOnly> paymentDates)
    {
        var payDates = paymentDates.Distinct().Order().ToList();
        if (payDates.Count == 1 && advanceDates.Distinct().Count() == 1)
        {
            return Term(start, payDates[0]);
        }

        var intervals = new List<UnitPeriod>();
        var previous = start;
        foreach (var date in payDates)
        {
            if (date > previous && Classify(previous, date) is { } unit)
            {
                intervals.Add(unit);
            }

            previous = date;
        }

        var semiMonths = intervals.Count(u => u.Kind == UnitKind.SemiMonth);
        var twoWeeks = intervals.Count(u => u == new UnitPeriod(UnitKind.Week, 2));
        if (semiMonths > 0 && semiMonths >= twoWeeks)
        {
            // A semimonthly schedule has 14-day gaps around February; they are semimonths, not fortnights.
            intervals = intervals.Select(u => u == new UnitPeriod(UnitKind.Week, 2) ? new UnitPeriod(UnitKind.SemiMonth, 1) : u).ToList();
        }

        return intervals.Count == 0
            ? null
            : intervals.GroupBy(u => u)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key.NominalDays)
                .First().Key;
    }

    /// <summary>
    /// App. J (b)(3)(i)(B): with no common period, the average period rounded to a whole standard unit
    /// (months for averages of about three weeks or more, weeks below that).
    /// </summary>
    public static UnitPeriod Average(DateOnly start, IReadOnlyList<DateOnly> paymentDates)
    {
        var last = paymentDates.Max();
        var count = paymentDates.Distinct().Count();
        var averageDays = (double)(last.DayNumber - start.DayNumber) / Math.Max(1, count);
        if (averageDays >= 22)
        {
            return new UnitPeriod(UnitKind.Month, Math.Clamp((int)Math.Round(averageDays / (365.0 / 12)), 1, 12));
        }

        return new UnitPeriod(UnitKind.Week, Math.Max(1, (int)Math.Round(averageDays / 7)));
    }

    private static UnitPeriod Term(DateOnly start, DateOnly end)
    {
        var (months, days) = CalendarMonths.Between(start, end);
        if (days == 0 && months is >= 1 and <= 12)
        {
            return new UnitPeriod(UnitKind.Month, months);
        }

        var termDays = end.DayNumber - start.DayNumber;
        if (end < start.AddYears(1) && termDays > 0)
        {
            return new UnitPeriod(UnitKind.Day, termDays);
        }

        return new UnitPeriod(UnitKind.Month, 12);
    }

    private static UnitPeriod? Classify(DateOnly from, DateOnly to)
    {
        var (months, days) = CalendarMonths.Between(from, to);
        if (days == 0 && months is >= 1 and <= 12)
        {
            return new UnitPeriod(UnitKind.Month, months);
        }

        var span = to.DayNumber - from.DayNumber;
        if (span % 7 == 0 && span / 7 is >= 1 and <= 26)
        {
            return new UnitPeriod(UnitKind.Week, span / 7);
        }

        return span is >= 13 and <= 16 ? new UnitPeriod(UnitKind.SemiMonth, 1) : null;
    }
}
