using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class ScheduleTests
{
    [Fact]
    public void Due_dates_are_disbursement_plus_n_months_clamped_to_month_end()
    {
        var terms = Loans.Terms() with { DisbursementDate = new DateOnly(2024, 1, 31), Months = 3 };

        var dates = Schedule.Build(terms).Rows.Select(r => r.DueDate);

        Assert.Equal([new DateOnly(2024, 2, 29), new DateOnly(2024, 3, 31), new DateOnly(2024, 4, 30)], dates);
    }

    [Fact]
    public void Single_repayment_is_one_row_with_simple_interest_rounded_once()
    {
        var schedule = Schedule.Build(Loans.Terms(10000m, 7.5m, 18, RepaymentMethod.SingleRepayment));

        var row = Assert.Single(schedule.Rows);
        Assert.Equal(new Instalment(1, Loans.Start.AddMonths(18), 10000m, 1125m, 0m, 0m), row);
    }

    [Theory]
    [InlineData(RepaymentMethod.EqualInstalments)]
    [InlineData(RepaymentMethod.EqualPrincipal)]
    [InlineData(RepaymentMethod.InterestOnly)]
    [InlineData(RepaymentMethod.SingleRepayment)]
    public void Zero_rate_schedule_repays_exactly_the_principal(RepaymentMethod method)
    {
        var schedule = Schedule.Build(Loans.Terms(1000m, 0m, 7, method));

        Assert.Equal(0m, schedule.TotalInterest);
        Assert.Equal(1000m, schedule.Rows.Sum(r => r.Principal));
    }

    [Fact]
    public void Fees_flow_into_totals_and_the_net_advance()
    {
        var schedule = Schedule.Build(Loans.Terms(
            12000m, 12m, 12, RepaymentMethod.EqualPrincipal,
            new Fee("ARR", FeeKind.Upfront, PercentOfPrincipal: 1m),
            new Fee("DOC", FeeKind.Upfront, FixedAmount: 30m, DeductedFromPayout: false),
            new Fee("SVC", FeeKind.PerInstalment, FixedAmount: 5m, PercentOfPrincipal: 0.1m),
            new Fee("LATE", FeeKind.Late, FixedAmount: 50m)));

        Assert.Equal(150m, schedule.UpfrontFees);
        Assert.Equal(11880m, schedule.AmountPaidOut);
        Assert.All(schedule.Rows, r => Assert.Equal(17m, r.Fee));
        Assert.Equal(204m, schedule.TotalPeriodicFees);
        Assert.Equal(354m, schedule.TotalFees);
        Assert.Equal(120m, schedule.WithheldFees);

        // The withheld 1% (120) is repaid inside the principal; only the 30 paid at payout is added.
        Assert.Equal(12000m + schedule.TotalInterest + 204m + 30m, schedule.TotalToRepay);
        Assert.Equal(schedule.TotalInterest + 354m, schedule.TotalCostOfCredit);
        Assert.Equal([new DatedAmount(Loans.Start, 11850m)], schedule.Advances);
        Assert.Equal(schedule.Rows.Select(r => new DatedAmount(r.DueDate, r.Payment + 17m)), schedule.Payments);
    }

    [Theory]
    [InlineData(0, 12, 6)]
    [InlineData(-100, 12, 6)]
    [InlineData(1000, 0, 6)]
    [InlineData(1000, 601, 6)]
    [InlineData(1000, 12, -0.01)]
    [InlineData(1000, 12, 100.01)]
    public void Invalid_terms_are_rejected(double principal, int months, double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Schedule.Build(Loans.Terms((decimal)principal, (decimal)rate, months, RepaymentMethod.EqualInstalments)));

    [Fact]
    public void Upfront_fees_swallowing_the_principal_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Schedule.Build(Loans.Terms(100m, 5m, 12, RepaymentMethod.EqualInstalments, new Fee("ARR", FeeKind.Upfront, 100m))));

    [Fact]
    public void Extreme_but_valid_terms_build()
    {
        var schedule = Schedule.Build(Loans.Terms(1_000_000_000m, 100m, 600, RepaymentMethod.EqualInstalments));

        Assert.Equal(0m, schedule.Rows[^1].BalanceAfter);
        Assert.Equal(1_000_000_000m, schedule.Rows.Sum(r => r.Principal));
    }

    [Fact]
    public void Quote_discloses_the_rate_of_the_schedule_cash_flows()
    {
        var terms = Loans.Terms(10000m, 12m, 12, RepaymentMethod.EqualInstalments, new Fee("SVC", FeeKind.PerInstalment, 10m));

        var quote = LoanQuote.For(terms, RateRegime.CN);

        Assert.Equal(quote.Schedule.Rows[0].Payment + 10m, quote.FirstInstalment);
        Assert.Equal(AnnualRate.Compute(RateRegime.CN, quote.Schedule.Advances, quote.Schedule.Payments), quote.AnnualRatePercent);
        Assert.True(quote.AnnualRatePercent > 12m);
    }
}
