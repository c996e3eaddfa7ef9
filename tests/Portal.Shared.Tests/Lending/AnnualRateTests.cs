using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

/// <summary>
/// The remaining worked examples of Reg Z Appendix J (c), which cover the unit-period rules the vector file
/// does not: long first periods, semimonthly, quarterly and weekly units.
/// </summary>
public class AnnualRateTests
{
    private static decimal Us(decimal advance, DateOnly advanceDate, IEnumerable<DatedAmount> payments) =>
        Math.Round(AnnualRate.Compute(RateRegime.US, [new DatedAmount(advanceDate, advance)], payments.ToList()), 2, MidpointRounding.AwayFromZero);

    private static IEnumerable<DatedAmount> Every(DateOnly first, int count, decimal amount, Func<DateOnly, int, DateOnly> step) =>
        Enumerable.Range(0, count).Select(k => new DatedAmount(step(first, k), amount));

    [Fact]
    public void Monthly_long_first_period_is_simple_interest_on_the_odd_days() =>
        Assert.Equal(11.82m, Us(6000m, new DateOnly(1978, 2, 10), Every(new DateOnly(1978, 4, 1), 36, 200m, (d, k) => d.AddMonths(k))));

    [Fact]
    public void Semimonthly_payments_use_half_month_units_and_fifteen_day_fractions()
    {
        var payments = Enumerable.Range(0, 24).Select(k =>
        {
            var first = new DateOnly(1978, 3, 1).AddMonths(k / 2);
            return new DatedAmount(k % 2 == 0 ? first : first.AddDays(15), 219.17m);
        });

        Assert.Equal(10.34m, Us(5000m, new DateOnly(1978, 2, 23), payments));
    }

    [Fact]
    public void Quarterly_long_first_period_counts_months_in_the_fraction() =>
        Assert.Equal(8.97m, Us(10000m, new DateOnly(1978, 5, 23), Every(new DateOnly(1978, 10, 1), 40, 385m, (d, k) => d.AddMonths(3 * k))));

    [Fact]
    public void Weekly_long_first_period_counts_days_over_seven() =>
        Assert.Equal(14.96m, Us(500m, new DateOnly(1978, 3, 20), Every(new DateOnly(1978, 4, 21), 30, 17.60m, (d, k) => d.AddDays(7 * k))));

    [Theory]
    [InlineData(RateRegime.US)]
    [InlineData(RateRegime.CN)]
    public void Regular_flows_at_other_intervals_annualise_by_periods_per_year(RateRegime regime)
    {
        // 1% per period exactly: the annual rate is 1% × periods per year whatever the interval.
        var start = new DateOnly(2025, 1, 6);
        var cases = new (int PerYear, Func<int, DateOnly> Date)[]
        {
            (52, k => start.AddDays(7 * k)),
            (26, k => start.AddDays(14 * k)),
            (13, k => start.AddDays(28 * k)),
            (4, k => start.AddMonths(3 * k)),
            (2, k => start.AddMonths(6 * k)),
        };
        foreach (var (perYear, date) in cases)
        {
            var payment = 10000m * 0.01m / (1 - (1 / Power(1.01m, 10)));
            var payments = Enumerable.Range(1, 10).Select(k => new DatedAmount(date(k), payment)).ToList();

            var rate = AnnualRate.Compute(regime, [new DatedAmount(start, 10000m)], payments);

            Assert.Equal(perYear, rate, 6);
        }
    }

    [Fact]
    public void Single_payment_inside_a_year_uses_the_term_in_days_as_unit_period()
    {
        // 100 days at 2% for the term: 2% × 365/100.
        var rate = AnnualRate.Compute(RateRegime.US, [new(new DateOnly(2025, 1, 1), 1000m)], [new(new DateOnly(2025, 4, 11), 1020m)]);

        Assert.Equal(7.3m, rate, 10);
    }

    [Fact]
    public void Several_advances_are_discounted_from_the_first()
    {
        var advances = new[] { new DatedAmount(new DateOnly(2025, 1, 1), 1000m), new DatedAmount(new DateOnly(2026, 1, 1), 1000m) };
        var payments = new[] { new DatedAmount(new DateOnly(2027, 1, 1), 2310m) };

        // 1000·1.1² + 1000·1.1 = 2310 exactly, at yearly intervals.
        Assert.Equal(10m, AnnualRate.Compute(RateRegime.EU, advances, payments), 8);
        Assert.Equal(10m, AnnualRate.Compute(RateRegime.US, advances, payments), 8);
    }

    [Fact]
    public void Equal_totals_give_exactly_zero_and_shortfalls_a_negative_rate()
    {
        var advance = new[] { new DatedAmount(new DateOnly(2025, 1, 1), 1000m) };
        var twelve = Enumerable.Range(1, 10).Select(k => new DatedAmount(new DateOnly(2025, 1, 1).AddMonths(k), 100m)).ToList();

        Assert.Equal(0m, AnnualRate.Compute(RateRegime.US, advance, twelve));
        Assert.True(AnnualRate.Compute(RateRegime.EU, advance, twelve.Take(9).ToList()) < 0);
    }

    [Fact]
    public void Invalid_cash_flows_are_rejected()
    {
        var day = new DateOnly(2025, 1, 1);
        Assert.Throws<ArgumentException>(() => AnnualRate.Compute(RateRegime.EU, [], [new(day, 1m)]));
        Assert.Throws<ArgumentException>(() => AnnualRate.Compute(RateRegime.EU, [new(day, 1m)], []));
        Assert.Throws<ArgumentException>(() => AnnualRate.Compute(RateRegime.EU, [new(day, 1m)], [new(day.AddDays(-1), 2m)]));
        Assert.Throws<ArgumentException>(() => AnnualRate.Compute(RateRegime.EU, [new(day, 1m)], [new(day.AddDays(1), -2m)]));
    }

    [Theory]
    [InlineData("2024-01-31", "2024-02-29", 1, 0)]
    [InlineData("2024-01-30", "2024-02-29", 1, 0)]
    [InlineData("2024-01-31", "2024-04-30", 3, 0)]
    [InlineData("2024-01-20", "2024-03-10", 1, 21)]
    [InlineData("2024-03-10", "2024-03-31", 0, 21)]
    public void Months_are_counted_back_from_the_later_date_with_month_ends_corresponding(string from, string to, int months, int days) =>
        Assert.Equal((months, days), CalendarMonths.Between(DateOnly.Parse(from), DateOnly.Parse(to)));

    private static decimal Power(decimal x, int n) => n == 0 ? 1 : x * Power(x, n - 1);
}
