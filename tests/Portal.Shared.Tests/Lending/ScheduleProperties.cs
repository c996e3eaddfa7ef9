using CsCheck;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class ScheduleProperties
{
    [Fact]
    public void Schedules_of_every_method_repay_exactly_the_principal() =>
        Loans.AnyTerms.Sample(terms =>
        {
            var schedule = Schedule.Build(terms);
            Assert.Equal(terms.Principal, schedule.Rows.Sum(r => r.Principal));
            Assert.Equal(terms.Principal + schedule.TotalInterest, schedule.Rows.Sum(r => r.Payment));
        }, iter: 300);

    [Fact]
    public void Balance_never_goes_negative_and_ends_at_zero() =>
        Loans.AnyTerms.Sample(terms =>
        {
            var rows = Schedule.Build(terms).Rows;
            var balance = terms.Principal;
            foreach (var row in rows)
            {
                balance -= row.Principal;
                Assert.Equal(balance, row.BalanceAfter);
                Assert.True(row.BalanceAfter >= 0 && row.Principal >= 0 && row.Interest >= 0);
                Assert.Equal(Money.Round(row.Interest), row.Interest);
            }

            Assert.Equal(0m, rows[^1].BalanceAfter);
        }, iter: 300);

    /// <summary>Any mix of fees: withheld or separately paid upfront ones, periodic ones, and the contingent kinds.</summary>
    private static readonly Gen<Fee[]> AnyFees = Gen.Select(
        Gen.Int[0, 500], Gen.Int[0, 50_000], Gen.Bool, Gen.Int[0, 3_000], Gen.Int[0, 50], Gen.Int[0, 200], Gen.Int[0, 300])
        .Select((upfrontBp, upfrontCents, withheld, fixedCents, periodicBp, lateCents, earlyBp) => new Fee[]
        {
            new("ARR", FeeKind.Upfront, PercentOfPrincipal: upfrontBp / 100m),
            new("DOC", FeeKind.Upfront, FixedAmount: Money.FromMinor(upfrontCents), DeductedFromPayout: withheld),
            new("SVC", FeeKind.PerInstalment, FixedAmount: Money.FromMinor(fixedCents), PercentOfPrincipal: periodicBp / 100m),
            new("LATE", FeeKind.Late, FixedAmount: Money.FromMinor(lateCents)),
            new("EARLY", FeeKind.EarlyRepayment, PercentOfPrincipal: earlyBp / 100m),
        });

    [Fact]
    public void Total_to_repay_is_every_scheduled_payment_plus_the_fees_paid_separately() =>
        Gen.Select(Loans.TermsUpTo(360, minCents: 1_000_00), AnyFees, Gen.Enum<RateRegime>()).Sample((terms, fees, regime) =>
        {
            var schedule = LoanQuote.For(terms with { Fees = fees }, regime).Schedule;
            var paidSeparately = fees.Where(f => f.Kind == FeeKind.Upfront && !f.DeductedFromPayout).Sum(f => f.AmountOn(terms.Principal));
            var withheld = fees.Where(f => f.Kind == FeeKind.Upfront && f.DeductedFromPayout).Sum(f => f.AmountOn(terms.Principal));

            Assert.Equal(schedule.Payments.Sum(p => p.Amount) + paidSeparately, schedule.TotalToRepay);
            Assert.Equal(terms.Principal - withheld, schedule.AmountPaidOut);
            Assert.Equal(schedule.TotalToRepay - schedule.AmountPaidOut, schedule.TotalCostOfCredit);

            // The cost of credit is the interest and every mandatory fee, withheld or not; contingent fees are not in it.
            Assert.Equal(schedule.TotalInterest + schedule.TotalFees, schedule.TotalCostOfCredit);
        }, iter: 500);
}
