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
