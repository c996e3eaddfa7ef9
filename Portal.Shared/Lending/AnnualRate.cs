namespace Portal.Shared.Lending;

/// <summary>The disclosed annual rate of a credit, from its actual dated cash flows.</summary>
public static class AnnualRate
{
    /// <summary>
    /// Annual rate in percent, unrounded (e.g. 9.6857…), for the given regime. <paramref name="advances"/>
    /// are amounts paid to the borrower net of fees withheld; <paramref name="payments"/> include every fee.
    /// </summary>
    /// <remarks>
    /// US: Reg Z Appendix J actuarial method (unit periods, simple interest on fractions), APR = i × periods/year.
    /// EU: CCD Annex I, effective annual X with t in years: whole years, then leftover days / 365 (366 over a 29 February).
    /// CN: PBoC 2021 IRR method, periodic IRR × periods/year; the period is the common payment interval, and
    /// irregular dates fall back to a monthly period with the leftover days as a fraction of a 30-day month.
    /// </remarks>
    public static decimal Compute(RateRegime regime, IReadOnlyList<DatedAmount> advances, IReadOnlyList<DatedAmount> payments)
    {
        Validate(advances, payments);

        // Equal totals mean a zero rate in every regime; answering exactly avoids solver noise such as 1e-17.
        if (advances.Sum(a => a.Amount) == payments.Sum(p => p.Amount))
        {
            return 0m;
        }

        var (flows, perYear, simpleFraction) = Flows(regime, advances, payments);
        var periodic = RootFinder.Solve(rate => NetPresentValue(flows, rate, simpleFraction));

        // Digits beyond the tenth decimal are double-precision noise (8.79999999999999 for an exact 8.8).
        return Math.Round((decimal)(periodic * perYear * 100.0), 10);
    }

    /// <summary>
    /// The net present value of the payments less the advances, discounted at <paramref name="annualRatePercent"/> as the
    /// regime discounts (the same flows and periods as <see cref="Compute"/>). Above zero exactly when the flows' annual
    /// rate is above <paramref name="annualRatePercent"/>: one evaluation instead of a solve, for searches over many quotes.
    /// </summary>
    public static double PresentValueAt(RateRegime regime, IReadOnlyList<DatedAmount> advances, IReadOnlyList<DatedAmount> payments, decimal annualRatePercent)
    {
        Validate(advances, payments);
        var (flows, perYear, simpleFraction) = Flows(regime, advances, payments);
        return NetPresentValue(flows, (double)annualRatePercent / 100.0 / perYear, simpleFraction);
    }

    private static (Flow[] Flows, double PerYear, bool SimpleFraction) Flows(
        RateRegime regime, IReadOnlyList<DatedAmount> advances, IReadOnlyList<DatedAmount> payments)
    {
        var start = advances.Min(a => a.Date);
        return regime switch
        {
            RateRegime.US => UnitPeriodFlows(start, advances, payments, simpleFraction: true),
            RateRegime.CN => UnitPeriodFlows(start, advances, payments, simpleFraction: false),
            RateRegime.EU => (DayFlows(start, advances, payments), 1.0, false),
            _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, "Unknown rate regime."),
        };
    }

    private readonly record struct Flow(double Amount, double Whole, double Fraction);

    private static (Flow[] Flows, double PerYear, bool SimpleFraction) UnitPeriodFlows(
        DateOnly start, IReadOnlyList<DatedAmount> advances, IReadOnlyList<DatedAmount> payments, bool simpleFraction)
    {
        var advanceDates = advances.Select(a => a.Date).ToList();
        var paymentDates = payments.Select(p => p.Date).ToList();
        var unit = UnitPeriodChoice.Common(start, advanceDates, paymentDates)
            ?? (simpleFraction ? UnitPeriodChoice.Average(start, paymentDates) : UnitPeriod.Monthly);

        Flow ToFlow(DatedAmount flow, double sign)
        {
            var (whole, fraction) = unit.Count(start, flow.Date);
            return new Flow(sign * (double)flow.Amount, whole, fraction);
        }

        var flows = payments.Select(p => ToFlow(p, 1)).Concat(advances.Select(a => ToFlow(a, -1))).ToArray();
        return (flows, unit.PerYear, simpleFraction);
    }

    private static Flow[] DayFlows(DateOnly start, IReadOnlyList<DatedAmount> advances, IReadOnlyList<DatedAmount> payments) =>
        payments.Select(p => new Flow((double)p.Amount, EuYears(start, p.Date), 0))
            .Concat(advances.Select(a => new Flow(-(double)a.Amount, EuYears(start, a.Date), 0)))
            .ToArray();

    /// <summary>
    /// CCD Annex I remark (c): whole years from the first advance (its anniversaries; 29 February's is 1 March), then
    /// the days left over divided by 365, or by 366 where that part-year contains a 29 February. So a year that
    /// contains 29 February is one year, not 366/365 of one.
    /// </summary>
    internal static double EuYears(DateOnly start, DateOnly date)
    {
        var years = date.Year - start.Year;
        while (years > 0 && Anniversary(start, years) > date) years--;
        var from = Anniversary(start, years);
        var days = date.DayNumber - from.DayNumber;
        return years + (days / (ContainsLeapDay(from, date) ? 366.0 : 365.0));
    }

    private static DateOnly Anniversary(DateOnly start, int years) =>
        start is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(start.Year + years)
            ? new DateOnly(start.Year + years, 3, 1)
            : start.AddYears(years);

    /// <summary>Whether a 29 February falls after <paramref name="from"/> and on or before <paramref name="to"/> (less than a year apart).</summary>
    private static bool ContainsLeapDay(DateOnly from, DateOnly to)
    {
        for (var year = from.Year; year <= to.Year; year++)
        {
            if (DateTime.IsLeapYear(year) && new DateOnly(year, 2, 29) is var leapDay && leapDay > from && leapDay <= to) return true;
        }

        return false;
    }

    private static double NetPresentValue(Flow[] flows, double rate, bool simpleFraction)
    {
        var sum = 0.0;
        foreach (var flow in flows)
        {
            sum += simpleFraction
                ? flow.Amount / ((1 + (flow.Fraction * rate)) * Math.Pow(1 + rate, flow.Whole))
                : flow.Amount / Math.Pow(1 + rate, flow.Whole + flow.Fraction);
        }

        return sum;
    }

    private static void Validate(IReadOnlyList<DatedAmount> advances, IReadOnlyList<DatedAmount> payments)
    {
        ArgumentNullException.ThrowIfNull(advances);
        ArgumentNullException.ThrowIfNull(payments);
        if (advances.Count == 0 || advances.Sum(a => a.Amount) <= 0)
        {
            throw new ArgumentException("At least one positive advance is required.", nameof(advances));
        }

        if (payments.Count == 0 || payments.Sum(p => p.Amount) <= 0)
        {
            throw new ArgumentException("At least one positive payment is required.", nameof(payments));
        }

        if (advances.Any(a => a.Amount < 0) || payments.Any(p => p.Amount < 0))
        {
            throw new ArgumentException("Cash flow amounts cannot be negative.");
        }

        var start = advances.Min(a => a.Date);
        if (payments.Any(p => p.Date < start))
        {
            throw new ArgumentException("A payment precedes the first advance.", nameof(payments));
        }
    }
}
