using System.Collections.Concurrent;
using CsCheck;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Catalog;

/// <summary>The disclosed APR range is a promise: no quote the calculator can give that day may fall outside it.</summary>
public sealed class AprRangeProperties
{
    private static ProductDetails Product(RateRegime regime, DateOnly pricedOn, decimal min, decimal max, int minMonths, int maxMonths,
        RepaymentMethod[] methods, decimal?[] rates, Fee[] fees) => new(
        1, 1, "p", "P", ProductKind.PersonalConsumer, "", "", min, max, minMonths, maxMonths, methods,
        rates.Select((r, i) => new GradeRate((RiskGrade)i, r)).ToList(), fees, new Eligibility(18, 70, 0, 0, false), [],
        new RepresentativeExample(min, minMonths, methods[0], RiskGrade.A, rates.First(r => r is not null)!.Value), regime, "CNY", pricedOn);

    // The demo catalog's shapes: percentage and capped upfront fees, fixed and percentage periodic fees, every method.
    private static readonly Func<RateRegime, DateOnly, ProductDetails>[] Shapes =
    [
        (r, d) => Product(r, d, 5_000, 200_000, 6, 60, [RepaymentMethod.EqualInstalments, RepaymentMethod.EqualPrincipal],
            [7.2m, 9.6m, 12.5m, 15.9m, null], [new("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1m, CapAmount: 1_000m)]),
        (r, d) => Product(r, d, 50_000, 1_000_000, 12, 60, [RepaymentMethod.EqualPrincipal, RepaymentMethod.InterestOnly],
            [5.8m, 7.5m, 9.9m, 12.9m, 16.5m], [new("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1.5m), new("service", FeeKind.PerInstalment, FixedAmount: 30m)]),
        (r, d) => Product(r, d, 1_000, 20_000, 1, 12, [RepaymentMethod.SingleRepayment, RepaymentMethod.EqualInstalments],
            [9.9m, 12.9m, 15.9m, 19.9m, 23.9m], [new("service", FeeKind.PerInstalment, PercentOfPrincipal: 0.2m)]),
        (r, d) => Product(r, d, 100_000, 3_000_000, 12, 240, [RepaymentMethod.EqualInstalments],
            [4.2m, 4.9m, 5.9m, null, null], [new("valuation", FeeKind.Upfront, FixedAmount: 2_000m, DeductedFromPayout: false)]),
    ];

    // Month ends, February, a leap year and ordinary days: where calendar effects on the APR are largest.
    private static readonly DateOnly[] PayoutDays =
        [new(2026, 1, 31), new(2026, 2, 28), new(2026, 3, 1), new(2026, 11, 29), new(2027, 12, 31), new(2028, 1, 30), new(2028, 2, 29), new(2028, 6, 15)];

    private static readonly ConcurrentDictionary<(int, RateRegime, DateOnly), (ProductDetails, decimal, decimal)> Ranges = new();

    private static (ProductDetails Product, decimal Min, decimal Max) Priced(int shape, RateRegime regime, DateOnly day) =>
        Ranges.GetOrAdd((shape, regime, day), _ =>
        {
            var product = Shapes[shape](regime, day);
            var (min, max) = product.AprRange();
            return (product, min, max);
        });

    [Theory]
    [InlineData(RateRegime.CN)]
    [InlineData(RateRegime.US)]
    [InlineData(RateRegime.EU)]
    public void Every_quote_of_the_day_lies_inside_the_disclosed_range(RateRegime regime)
    {
        Gen.Select(Gen.Int[0, Shapes.Length - 1], Gen.Int[0, PayoutDays.Length - 1], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000], Gen.Int[0, 10], Gen.Int[0, 4])
            .Sample((shape, day, amountPick, monthsPick, methodPick, gradePick) =>
            {
                var (product, min, max) = Priced(shape, regime, PayoutDays[day]);
                var steps = (int)((product.MaxAmount - product.MinAmount) / Pricing.AmountStep);
                var amount = product.MinAmount + amountPick % (steps + 1) * Pricing.AmountStep;
                var months = product.MinMonths + monthsPick % (product.MaxMonths - product.MinMonths + 1);
                var method = product.Methods[methodPick % product.Methods.Count];
                var rates = product.OfferedRates.ToList();
                var rate = rates[gradePick % rates.Count];

                var apr = product.Quote(amount, months, method, rate).AnnualRatePercent;

                // As displayed (two decimals), the quote is within the displayed range.
                Assert.InRange(Math.Round(apr, 2, MidpointRounding.AwayFromZero),
                    Math.Round(min, 2, MidpointRounding.AwayFromZero), Math.Round(max, 2, MidpointRounding.AwayFromZero));
            }, iter: 1000);
    }
}
