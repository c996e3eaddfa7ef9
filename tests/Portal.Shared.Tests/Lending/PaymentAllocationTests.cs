using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class PaymentAllocationTests
{
    private static readonly Schedule Loan = Schedule.Build(Loans.Terms(fees:
    [
        new Fee("SVC", FeeKind.PerInstalment, 5m),
        new Fee("LATE", FeeKind.Late, 50m),
    ]));

    [Fact]
    public void Payment_goes_to_penalty_then_fees_then_interest_then_principal_oldest_first()
    {
        var result = PaymentAllocation.Allocate(Loan, [], new DatedAmount(new DateOnly(2024, 3, 16), 230m));

        Assert.Equal(
            [
                new AllocationLine(1, AllocationComponent.PenaltyInterest, 14.79m),
                new AllocationLine(2, AllocationComponent.PenaltyInterest, 0.49m),
                new AllocationLine(1, AllocationComponent.LateFee, 50m),
                new AllocationLine(2, AllocationComponent.LateFee, 50m),
                new AllocationLine(1, AllocationComponent.Fee, 5m),
                new AllocationLine(2, AllocationComponent.Fee, 5m),
                new AllocationLine(1, AllocationComponent.Interest, 104.72m),
            ],
            result.Lines);
        Assert.Equal(0m, result.Overpayment);
    }

    [Fact]
    public void Custom_order_is_honoured()
    {
        var principalFirst = new AllocationOptions(Order:
            [AllocationComponent.Principal, AllocationComponent.Interest, AllocationComponent.Fee, AllocationComponent.LateFee, AllocationComponent.PenaltyInterest]);

        var result = PaymentAllocation.Allocate(Loan, [], new DatedAmount(new DateOnly(2024, 3, 16), 1500m), principalFirst);

        Assert.Equal([new AllocationLine(1, AllocationComponent.Principal, 1000m), new AllocationLine(2, AllocationComponent.Principal, 500m)], result.Lines);
    }

    [Fact]
    public void Overpayment_reduces_principal_of_the_latest_instalments_by_default()
    {
        var result = PaymentAllocation.Allocate(Loan, [], new DatedAmount(new DateOnly(2024, 2, 15), 3125m));

        Assert.Equal(
            [
                new AllocationLine(1, AllocationComponent.Fee, 5m),
                new AllocationLine(1, AllocationComponent.Interest, 120m),
                new AllocationLine(1, AllocationComponent.Principal, 1000m),
                new AllocationLine(12, AllocationComponent.Principal, 1000m),
                new AllocationLine(11, AllocationComponent.Principal, 1000m),
            ],
            result.Lines);
        Assert.Equal(2000m, result.PrincipalPrepaid);
        Assert.Equal(0m, result.Credit);
        Assert.Equal(9000m, Payoff.Quote(Loan, result.PaidAfter, new DateOnly(2024, 2, 15), validForDays: 0).PrincipalOutstanding);
    }

    [Fact]
    public void Overpayment_can_be_held_as_credit()
    {
        var result = PaymentAllocation.Allocate(
            Loan, [], new DatedAmount(new DateOnly(2024, 2, 15), 3125m), new AllocationOptions(OverpaymentOption.HoldAsCredit));

        Assert.Equal(1125m, result.Allocated);
        Assert.Equal(2000m, result.Credit);
        Assert.Equal(0m, result.PrincipalPrepaid);
    }

    [Fact]
    public void Overpayment_beyond_all_principal_becomes_credit()
    {
        var result = PaymentAllocation.Allocate(Loan, [], new DatedAmount(Loans.Start, 12500m));

        Assert.Equal(12000m, result.PrincipalPrepaid);
        Assert.Equal(500m, result.Credit);
    }

    [Fact]
    public void Invalid_payments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentAllocation.Allocate(Loan, [], new DatedAmount(Loans.Start, 0m)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentAllocation.Allocate(Loan, [], new DatedAmount(Loans.Start, 0.001m)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentAllocation.Allocate(Loan, [], new DatedAmount(Loans.Start.AddDays(-1), 10m)));
        Assert.Throws<ArgumentException>(() => PaymentAllocation.Allocate(
            Loan, [], new DatedAmount(Loans.Start, 10m), new AllocationOptions(Order: [AllocationComponent.Principal])));
    }
}

public class InstalmentPaymentTests
{
    private static readonly Schedule Loan = Schedule.Build(Loans.Terms(fees: [new Fee("LATE", FeeKind.Late, 50m)]));

    [Fact]
    public void Paying_an_overdue_instalment_pays_that_one_in_full_and_leaves_a_later_overdue_one_alone()
    {
        // 15 Feb and 15 Mar both unpaid on 1 Apr.
        var date = new DateOnly(2024, 4, 1);
        var owedOnFirst = Overdue.Arrears(Loan, [], date)[0].Total;

        var result = PaymentAllocation.Allocate(Loan, [], new DatedAmount(date, owedOnFirst),
            new AllocationOptions(OverpaymentOption.HoldAsCredit, SettleThrough: 1));

        Assert.All(result.Lines, l => Assert.Equal(1, l.InstalmentNumber));
        Assert.Equal(0m, result.Credit);
        var after = Overdue.Arrears(Loan, result.PaidAfter, date);
        Assert.Equal(2, Assert.Single(after).Number);
    }
}
