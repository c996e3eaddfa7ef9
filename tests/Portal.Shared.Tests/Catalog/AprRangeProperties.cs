using System.Collections.Concurrent;
using CsCheck;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
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

    /// <summary>Both ends of the range are reached: they are exactly the lowest and highest APR found by trying every quote.</summary>
    [Theory]
    [InlineData(RateRegime.CN)]
    [InlineData(RateRegime.US)]
    [InlineData(RateRegime.EU)]
    public void Both_ends_are_the_extremes_of_every_quote_of_the_day(RateRegime regime)
    {
        // The catalog's shapes over a smaller span of amounts and terms, so that every quote can be tried.
        ProductDetails[] shapes =
        [
            Product(regime, default, 5_000, 30_000, 6, 14, [RepaymentMethod.EqualInstalments, RepaymentMethod.EqualPrincipal],
                [7.2m, 15.9m], [new("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1m, CapAmount: 200m)]),
            Product(regime, default, 50_000, 60_000, 12, 18, [RepaymentMethod.EqualPrincipal, RepaymentMethod.InterestOnly],
                [5.8m, 16.5m], [new("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1.5m), new("service", FeeKind.PerInstalment, FixedAmount: 30m)]),
            Product(regime, default, 1_000, 20_000, 1, 6, [RepaymentMethod.SingleRepayment, RepaymentMethod.EqualInstalments],
                [9.9m, 23.9m], [new("service", FeeKind.PerInstalment, PercentOfPrincipal: 0.2m)]),
            Product(regime, default, 100_000, 110_000, 12, 15, [RepaymentMethod.EqualInstalments],
                [4.2m, 5.9m], [new("valuation", FeeKind.Upfront, FixedAmount: 2_000m, DeductedFromPayout: false)]),
        ];
        foreach (var day in PayoutDays.Where((_, i) => i % 2 == 0))
            foreach (var shape in shapes)
            {
                var product = shape with { PricedOn = day };
                var aprs = (from method in product.Methods
                            from months in Enumerable.Range(product.MinMonths, product.MaxMonths - product.MinMonths + 1)
                            from amount in Enumerable.Range(0, (int)((product.MaxAmount - product.MinAmount) / Pricing.AmountStep) + 1)
                                .Select(i => product.MinAmount + (i * Pricing.AmountStep))
                            select (Low: product.Quote(amount, months, method, product.OfferedRates.Min()).AnnualRatePercent,
                                High: product.Quote(amount, months, method, product.OfferedRates.Max()).AnnualRatePercent)).ToList();

                var (min, max) = product.AprRange();

                Assert.Equal(aprs.Min(a => a.Low), min);
                Assert.Equal(aprs.Max(a => a.High), max);
            }
    }

    [Fact]
    public void The_top_of_the_Everyday_Personal_Loan_is_its_peak_at_5900_over_6_months_not_its_smallest_amount()
    {
        var product = Shapes[0](RateRegime.CN, new DateOnly(2026, 12, 7));

        var peak = product.Quote(5_900, 6, RepaymentMethod.EqualPrincipal, 15.9m).AnnualRatePercent;
        var (_, max) = product.AprRange();

        Assert.Equal(19.4789m, Math.Round(peak, 4));
        Assert.Equal(peak, max);
        Assert.True(product.Quote(5_000, 6, RepaymentMethod.EqualPrincipal, 15.9m).AnnualRatePercent < peak);
        Assert.Equal("19.48%", Display.Percent(max, System.Globalization.CultureInfo.GetCultureInfo("en-US")));
    }
}
