namespace Portal.Shared.Lending;

/// <summary>Whole calendar months between two dates, counted back from the later one (Reg Z App. J (b)(5)).</summary>
internal static class CalendarMonths
{
    /// <summary>
    /// Full months counted back from <paramref name="to"/> without passing <paramref name="from"/>, and the
    /// days left over. A month-end <paramref name="to"/> counts back to any later day of the landing month, so
    /// 31 Jan → 28 Feb is one whole month, as a schedule built with AddMonths expects.
    /// </summary>
    public static (int Months, int Days) Between(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "The later date precedes the earlier one.");
        }

        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        for (; months > 0; months--)
        {
            var landed = Back(to, months, from);
            if (landed >= from)
            {
                return (months, landed.DayNumber - from.DayNumber);
            }
        }

        return (0, to.DayNumber - from.DayNumber);
    }

    /// <summary>The date <paramref name="months"/> back from <paramref name="to"/>, with the month-end rule.</summary>
    public static DateOnly Back(DateOnly to, int months, DateOnly from)
    {
        var landed = to.AddMonths(-months);
        var toIsMonthEnd = to.Day == DateTime.DaysInMonth(to.Year, to.Month);
        if (toIsMonthEnd && landed.Year == from.Year && landed.Month == from.Month && from.Day > landed.Day)
        {
            return from;
        }

        return landed;
    }
}
