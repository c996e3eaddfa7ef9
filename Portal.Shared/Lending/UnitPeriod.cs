namespace Portal.Shared.Lending;

internal enum UnitKind { Day, Week, SemiMonth, Month }

/// <summary>
/// A unit period of Reg Z Appendix J: <see cref="Length"/> days, weeks or months (semimonths have length 1).
/// Also used for the CN periodic rate so both regimes agree on what "a period" is.
/// </summary>
internal readonly record struct UnitPeriod(UnitKind Kind, int Length)
{
    public static readonly UnitPeriod Monthly = new(UnitKind.Month, 1);

    public double PerYear => Kind switch
    {
        UnitKind.Day => 365.0 / Length,
        UnitKind.Week => 52.0 / Length,
        UnitKind.SemiMonth => 24.0,
        _ => 12.0 / Length,
    };

    /// <summary>Only for ranking periods ("the smaller wins a tie").</summary>
    public double NominalDays => Kind switch
    {
        UnitKind.Day => Length,
        UnitKind.Week => 7.0 * Length,
        UnitKind.SemiMonth => 365.0 / 24,
        _ => 365.0 / 12 * Length,
    };

    /// <summary>
    /// Whole unit periods from <paramref name="start"/> to <paramref name="date"/> counted back from the date,
    /// and the remainder as a fraction of a unit period (App. J (b)(5)): days/30 for months, days/15 for
    /// semimonths, days/(7k) for k weeks; for a year, months/12 or, if days are left, days/365.
    /// </summary>
    public (int Whole, double Fraction) Count(DateOnly start, DateOnly date)
    {
        var days = date.DayNumber - start.DayNumber;
        switch (Kind)
        {
            case UnitKind.Day:
            case UnitKind.Week:
                var unitDays = Kind == UnitKind.Day ? Length : 7 * Length;
                return (days / unitDays, (double)(days % unitDays) / unitDays);

            case UnitKind.SemiMonth:
                var (m, d) = CalendarMonths.Between(start, date);
                return d >= 15 ? ((2 * m) + 1, (d - 15) / 15.0) : (2 * m, d / 15.0);

            default:
                var (months, rest) = CalendarMonths.Between(start, date);
                var whole = months / Length;
                var extraMonths = months % Length;
                if (Length == 12 && rest > 0)
                {
                    var afterWholeYears = CalendarMonths.Back(date, 12 * whole, start);
                    return (whole, (afterWholeYears.DayNumber - start.DayNumber) / 365.0);
                }

                return (whole, (extraMonths + (rest / 30.0)) / Length);
        }
    }
}
