using CsCheck;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

/// <summary>
/// The ledger invariants over random sequences of the three ways a customer pays (an instalment, any amount, the
/// full payoff) on random dates: every payment equals its parts; principal collected never exceeds the loan;
/// what is owed is never negative and always equals scheduled − paid − waived; a payoff of the quoted amount
/// closes the loan.
/// </summary>
public class LedgerProperties
{
    private enum Kind { Instalment, Amount, Payoff }

    private static readonly Gen<(Schedule Loan, OverduePolicy Policy, (int Days, Kind Kind, long Cents)[] Steps)> Scenarios = Gen.Select(
        Loans.TermsUpTo(36, minCents: 10_000),
        Gen.Int[0, 10],
        Gen.Select(Gen.Int[0, 90], Gen.Enum<Kind>(), Gen.Long[1, 300_000]).Array[1, 8],
        (terms, grace, steps) => (
            Schedule.Build(terms with
            {
                Fees =
                [
                    new Fee("SVC", FeeKind.PerInstalment, 2m),
                    new Fee("LATE", FeeKind.Late, 25m),
                    new Fee("ERF", FeeKind.EarlyRepayment, PercentOfPrincipal: 1m, CapAmount: 200m),
                ],
            }),
            new OverduePolicy(grace),
            steps));

    [Fact]
    public void Every_payment_sequence_keeps_the_ledger_whole() =>
        Scenarios.Sample(s =>
        {
            var paid = (IReadOnlyList<InstalmentPaid>)[];
            var date = s.Loan.Terms.DisbursementDate;
            var credit = 0m;
            foreach (var (days, kind, cents) in s.Steps)
            {
                date = date.AddDays(days);
                var quote = Payoff.Quote(s.Loan, paid, date, date, s.Policy);
                if (quote.Total == 0) break;

                if (kind == Kind.Payoff)
                {
                    var settled = Payoff.Settle(s.Loan, paid, new DatedAmount(date, quote.Total + Money.FromMinor(cents % 3)), s.Policy);
                    Assert.Equal(settled.Allocation.Payment.Amount, settled.Total);
                    Assert.Equal(quote.AccruedInterest, settled.AccruedInterest);
                    Assert.Equal(quote.EarlyRepaymentFee, settled.EarlyRepaymentFee);
                    paid = settled.Allocation.PaidAfter;
                    credit += settled.Allocation.Credit;
                    AssertWhole(s.Loan, paid, date, s.Policy);
                    Assert.Equal(0m, Payoff.Quote(s.Loan, paid, date, date, s.Policy).Total);
                    Assert.Equal(0, Overdue.DaysPastDue(s.Loan, paid, date, s.Policy));
                    break;
                }

                // An instalment payment names the oldest instalment with anything owed and holds the rest as credit.
                var next = Ledger.Dues(s.Loan, paid, date, s.Policy).FirstOrDefault(d => d.Total > 0);
                var options = kind == Kind.Instalment && next is not null
                    ? new AllocationOptions(OverpaymentOption.HoldAsCredit, Policy: s.Policy, SettleThrough: next.Number)
                    : new AllocationOptions(Policy: s.Policy);
                var result = PaymentAllocation.Allocate(s.Loan, paid, new DatedAmount(date, Money.FromMinor(cents)), options);

                Assert.Equal(result.Payment.Amount, result.Allocated + result.Credit);
                Assert.All(result.Lines, l => Assert.True(l.Amount > 0));
                paid = result.PaidAfter;
                credit += result.Credit;
                AssertWhole(s.Loan, paid, date, s.Policy);
            }

            Assert.True(credit >= 0);
        }, iter: 300);

    private static void AssertWhole(Schedule loan, IReadOnlyList<InstalmentPaid> paid, DateOnly date, OverduePolicy policy)
    {
        Assert.True(paid.Sum(p => p.Principal) <= loan.Terms.Principal);
        var dues = Ledger.Dues(loan, paid, date, policy);
        foreach (var due in dues)
        {
            var row = loan.Rows[due.Number - 1];
            var p = paid.FirstOrDefault(x => x.Number == due.Number) ?? new InstalmentPaid(due.Number);
            Assert.True(due.Principal >= 0 && due.Interest >= 0 && due.Fee >= 0 && due.LateFee >= 0 && due.PenaltyInterest >= 0);
            Assert.Equal(row.Principal - p.Principal, due.Principal);
            Assert.Equal(row.Interest - p.Interest - p.InterestWaived, due.Interest);
            Assert.Equal(row.Fee - p.Fee - p.FeeWaived, due.Fee);
            Assert.True(p.PenaltyInterest <= p.PenaltyAccrued);
        }

        // The quote is built from the same position: its principal is all that is unpaid.
        Assert.Equal(dues.Sum(d => d.Principal), Payoff.Quote(loan, paid, date, date, policy).PrincipalOutstanding);
    }
}
