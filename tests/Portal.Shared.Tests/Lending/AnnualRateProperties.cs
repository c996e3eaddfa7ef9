using CsCheck;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class AnnualRateProperties
{
    /// <summary>A fee-free annuity with unrounded payments, so the only rate in it is the nominal one.</summary>
    private static readonly Gen<(decimal Rate, List<DatedAmount> Advances, List<DatedAmount> Payments)> ExactAnnuity = Gen.Select(
        Gen.Int[1000, 100_000_000], Gen.Int[1, 3600], Gen.Int[1, 120], Gen.Int[0, 3000],
        (cents, bp, months, offset) =>
        {
            var principal = cents / 100m;
            var rate = bp / 100m;
            var r = rate / 1200m;
            var growth = Enumerable.Repeat(1 + r, months).Aggregate(1m, (a, b) => a * b);
            var payment = principal * r / (1 - (1 / growth));
            var start = new DateOnly(2020, 1, 1).AddDays(offset);
            return (rate,
                new List<DatedAmount> { new(start, principal) },
                Enumerable.Range(1, months).Select(k => new DatedAmount(start.AddMonths(k), payment)).ToList());
        });

    [Fact]
    public void CN_and_US_rates_of_a_fee_free_annuity_equal_its_nominal_rate() =>
        ExactAnnuity.Sample(c =>
        {
            Assert.Equal((double)c.Rate, (double)AnnualRate.Compute(RateRegime.CN, c.Advances, c.Payments), 1e-6);
            Assert.Equal((double)c.Rate, (double)AnnualRate.Compute(RateRegime.US, c.Advances, c.Payments), 1e-6);
        }, iter: 200);

    [Fact]
    public void EU_rate_of_a_fee_free_annuity_is_its_effective_rate() =>
        ExactAnnuity.Where(c => c.Payments.Count >= 12).Sample(c =>
        {
            // Days/365 is not exactly 1/12 year per calendar month, hence a 1.5% relative tolerance.
            var effective = (Math.Pow(1 + ((double)c.Rate / 1200), 12) - 1) * 100;
            var eu = (double)AnnualRate.Compute(RateRegime.EU, c.Advances, c.Payments);
            Assert.True(Math.Abs(eu - effective) <= 0.015 * effective, $"EU {eu} vs effective {effective}");
        }, iter: 200);

    [Fact]
    public void Rounded_schedules_disclose_their_nominal_rate_to_within_rounding() =>
        Loans.TermsUpTo(360, minCents: 100_000).Select(t => t with { Method = RepaymentMethod.EqualInstalments }).Sample(terms =>
            Assert.Equal((double)terms.AnnualRatePercent, (double)LoanQuote.For(terms, RateRegime.CN).AnnualRatePercent, 0.01), iter: 100);

    [Fact]
    public void An_upfront_fee_raises_the_rate_in_every_regime() =>
        Gen.Select(Loans.TermsUpTo(360, minCents: 10_000), Gen.Int[1, 500], Gen.Enum<RateRegime>())
            .Sample((terms, feeBp, regime) =>
            {
                var withFee = terms with { Fees = [new Fee("ARR", FeeKind.Upfront, PercentOfPrincipal: feeBp / 100m)] };
                Assert.True(LoanQuote.For(withFee, regime).AnnualRatePercent > LoanQuote.For(terms, regime).AnnualRatePercent);
            }, iter: 150);
}
