using CsCheck;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class PaymentAllocationProperties
{
    private static readonly Gen<(Schedule Loan, AllocationOptions Options, List<DatedAmount> Payments)> Scenarios = Gen.Select(
        Loans.TermsUpTo(24, minCents: 10_000),
        Gen.Int[0, 10],
        Gen.Enum<OverpaymentOption>(),
        Gen.Select(Gen.Int[0, 120], Gen.Long[1, 500_000]).Array[1, 5],
        (terms, grace, overpayment, steps) =>
        {
            var loan = Schedule.Build(terms with { Fees = [new Fee("SVC", FeeKind.PerInstalment, 2m), new Fee("LATE", FeeKind.Late, 25m)] });
            var date = terms.DisbursementDate;
            var payments = steps.Select(s => new DatedAmount(date = date.AddDays(s.Item1), Money.FromMinor(s.Item2))).ToList();
            return (loan, new AllocationOptions(overpayment, Policy: new OverduePolicy(grace)), payments);
        });

    [Fact]
    public void Allocation_never_exceeds_the_payment_and_follows_the_order() =>
        Scenarios.Sample(s =>
        {
            var paid = (IReadOnlyList<InstalmentPaid>)[];
            foreach (var payment in s.Payments)
            {
                var result = PaymentAllocation.Allocate(s.Loan, paid, payment, s.Options);

                Assert.All(result.Lines, l => Assert.True(l.Amount > 0));
                Assert.True(result.Allocated <= payment.Amount);
                Assert.Equal(payment.Amount, result.Allocated + result.Credit);
                AssertOrderRespected(s.Loan, payment.Date, result, s.Options.Policy!);
                AssertNeverOverpaysAnInstalment(s.Loan, result.PaidAfter);
                paid = result.PaidAfter;
            }
        }, iter: 200);

    private static void AssertOrderRespected(Schedule loan, DateOnly date, AllocationResult result, OverduePolicy policy)
    {
        var order = AllocationOptions.DefaultOrder.ToList();
        var dueLines = result.Lines.Where(l => loan.Rows[l.InstalmentNumber - 1].DueDate <= date).ToList();
        var keys = dueLines.Select(l => (order.IndexOf(l.Component), l.InstalmentNumber)).ToList();
        Assert.Equal(keys.Order(), keys);

        // Money reached a component only once every earlier component was fully paid.
        var left = Overdue.Arrears(loan, result.PaidAfter, date, policy);
        foreach (var line in dueLines)
        {
            foreach (var earlier in order.Take(order.IndexOf(line.Component)))
            {
                Assert.Equal(0m, left.Sum(d => d.Owed(earlier)));
            }
        }

        if (result.PrincipalPrepaid > 0)
        {
            Assert.Equal(0m, left.Sum(d => d.Total));
        }
    }

    private static void AssertNeverOverpaysAnInstalment(Schedule loan, IReadOnlyList<InstalmentPaid> paid)
    {
        foreach (var p in paid)
        {
            var row = loan.Rows[p.Number - 1];
            Assert.True(p.Principal <= row.Principal && p.Interest <= row.Interest && p.Fee <= row.Fee);
            Assert.True(p.PenaltyInterest <= p.PenaltyAccrued && p.LateFee <= 25m);
        }
    }
}
