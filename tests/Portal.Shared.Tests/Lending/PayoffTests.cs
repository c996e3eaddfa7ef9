using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class PayoffTests
{
    private static readonly Schedule Loan = Schedule.Build(Loans.Terms(fees:
    [
        new Fee("LATE", FeeKind.Late, 50m),
        new Fee("ERF", FeeKind.EarlyRepayment, PercentOfPrincipal: 2m, CapAmount: 100m),
    ]));

    private static IReadOnlyList<InstalmentPaid> PaidUpTo(int number) =>
        Loan.Rows.Take(number).Select(r => new InstalmentPaid(r.Number, r.Principal, r.Interest, r.Fee)).ToList();

    [Fact]
    public void Payoff_in_good_standing_is_principal_plus_accrued_interest_plus_capped_early_fee()
    {
        var quote = Payoff.Quote(Loan, PaidUpTo(3), new DateOnly(2024, 5, 1), validForDays: 7);

        // 16 days since 15 Apr on 9,000 at 12%, actual/365 = 47.34; 2% of 9,000 capped at 100.
        Assert.Equal(
            new PayoffQuote(new DateOnly(2024, 5, 1), new DateOnly(2024, 5, 8), 9000m, 47.34m, 0m, 0m, 0m, 0m, 100m),
            quote);
        Assert.Equal(9147.34m, quote.Total);
    }

    [Fact]
    public void Under_EU_the_early_repayment_fee_is_at_most_half_a_percent_in_the_last_year()
    {
        var date = new DateOnly(2024, 5, 1);

        var cn = Payoff.Quote(Loan, PaidUpTo(3), date, date, regime: RateRegime.CN);
        var eu = Payoff.Quote(Loan, PaidUpTo(3), date, date, regime: RateRegime.EU);

        // The product's own 2% capped at 100 under CN; 0.5% of the 9,000 repaid early under EU (less than a year left).
        Assert.Equal((100m, EarlyRepaymentCap.None), (cn.EarlyRepaymentFee, cn.EarlyRepaymentCap));
        Assert.Equal((45m, EarlyRepaymentCap.EuHalfPercent), (eu.EarlyRepaymentFee, eu.EarlyRepaymentCap));
        Assert.Equal(cn.Total - 55m, eu.Total);
    }

    [Fact]
    public void Under_EU_the_early_repayment_fee_is_at_most_one_percent_with_more_than_a_year_left()
    {
        var loan = Schedule.Build(Loans.Terms(months: 36, fees: [new Fee("ERF", FeeKind.EarlyRepayment, PercentOfPrincipal: 2m)]));
        var date = Loans.Start.AddDays(10);

        var eu = Payoff.Quote(loan, [], date, date, regime: RateRegime.EU);
        var us = Payoff.Quote(loan, [], date, date, regime: RateRegime.US);

        Assert.Equal((120m, EarlyRepaymentCap.EuOnePercent), (eu.EarlyRepaymentFee, eu.EarlyRepaymentCap));
        Assert.Equal((240m, EarlyRepaymentCap.None), (us.EarlyRepaymentFee, us.EarlyRepaymentCap));

        // A year and a day before the end, still 1%; a year before it, 0.5%.
        var end = loan.Rows[^1].DueDate;
        Assert.Equal(EarlyRepaymentCap.EuOnePercent, Payoff.Quote(loan, [], end.AddYears(-1).AddDays(-1), end, regime: RateRegime.EU).EarlyRepaymentCap);
        Assert.Equal(EarlyRepaymentCap.EuHalfPercent, Payoff.Quote(loan, [], end.AddYears(-1), end, regime: RateRegime.EU).EarlyRepaymentCap);
    }

    [Fact]
    public void Under_EU_the_early_repayment_fee_never_exceeds_the_interest_still_to_come()
    {
        var loan = Schedule.Build(Loans.Terms(rate: 1m, fees: [new Fee("ERF", FeeKind.EarlyRepayment, PercentOfPrincipal: 2m)]));
        var paid = loan.Rows.Take(11).Select(r => new InstalmentPaid(r.Number, r.Principal, r.Interest, r.Fee)).ToList();
        var date = loan.Rows[10].DueDate.AddDays(5);

        var eu = Payoff.Quote(loan, paid, date, date, regime: RateRegime.EU);

        // The last instalment's interest is 0.83; 0.14 of it has accrued by the payoff (5 days on 1,000 at 1%), so
        // 0.69 would still have come: less than 0.5% of 1,000 (5.00).
        Assert.Equal(0.14m, eu.AccruedInterest);
        Assert.Equal((0.69m, EarlyRepaymentCap.EuInterestToCome), (eu.EarlyRepaymentFee, eu.EarlyRepaymentCap));
    }

    [Fact]
    public void Payoff_in_arrears_adds_unpaid_due_amounts_penalty_and_late_fees()
    {
        var quote = Payoff.Quote(Loan, [], new DateOnly(2024, 3, 16), new DateOnly(2024, 3, 20));

        Assert.Equal(12000m, quote.PrincipalOutstanding);
        Assert.Equal(3.29m, quote.AccruedInterest);
        Assert.Equal(230m, quote.DueInterest);
        Assert.Equal(15.28m, quote.PenaltyInterest);
        Assert.Equal(100m, quote.LateFees);
        Assert.Equal(100m, quote.EarlyRepaymentFee);
        Assert.Equal(12448.57m, quote.Total);
    }

    [Fact]
    public void Paying_everything_due_and_all_principal_leaves_nothing_to_pay_off()
    {
        var date = new DateOnly(2024, 3, 16);
        var quote = Payoff.Quote(Loan, [], date, date);

        var allocation = PaymentAllocation.Allocate(Loan, [], new DatedAmount(date, quote.Total - quote.AccruedInterest - quote.EarlyRepaymentFee));

        Assert.Equal(0m, allocation.Credit);
        Assert.Equal(0m, Payoff.Quote(Loan, allocation.PaidAfter, date, date).Total);
    }

    [Fact]
    public void Payoff_after_the_last_instalment_is_only_what_is_unpaid()
    {
        var quote = Payoff.Quote(Loan, PaidUpTo(12), new DateOnly(2025, 6, 1), validForDays: 0);

        Assert.Equal(0m, quote.Total);
    }

    [Fact]
    public void Payoff_quote_rejects_dates_before_disbursement_or_expiry_before_quote()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Payoff.Quote(Loan, [], Loans.Start.AddDays(-1), validForDays: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Payoff.Quote(Loan, [], Loans.Start, Loans.Start.AddDays(-1)));
    }
}

public class AccelerationTests
{
    private static readonly Schedule Loan = Schedule.Build(Loans.Terms(fees:
    [
        new Fee("SVC", FeeKind.PerInstalment, 5m),
        new Fee("LATE", FeeKind.Late, 50m),
        new Fee("ERF", FeeKind.EarlyRepayment, PercentOfPrincipal: 2m, CapAmount: 100m),
    ]));

    [Fact]
    public void A_called_in_loan_owes_its_arrears_all_principal_and_interest_accrued_to_the_day_but_no_early_fee()
    {
        // Instalment 1 (15 Feb) unpaid; called in on 1 Mar.
        var date = new DateOnly(2024, 3, 1);
        var before = Payoff.Quote(Loan, [], date, date);
        var (schedule, paid) = Acceleration.CallIn(Loan, [], date);

        Assert.All(schedule.Rows.Skip(1), r => Assert.Equal(date, r.DueDate));
        var after = Payoff.Quote(schedule, paid, date, date);
        Assert.Equal(0m, after.EarlyRepaymentFee);
        Assert.Equal(0m, after.AccruedInterest);
        Assert.Equal(before.Total - before.EarlyRepaymentFee, after.Total);
        Assert.Equal(after.Total, Overdue.Arrears(schedule, paid, date).Sum(d => d.Total));
    }
}
