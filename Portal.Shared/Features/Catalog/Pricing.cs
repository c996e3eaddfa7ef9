using Portal.Shared.Lending;

namespace Portal.Shared.Features.Catalog;

/// <summary>The disclosed figures of a product, all from the one engine.</summary>
public static class Pricing
{
    /// <summary>
    /// The APR range over every offered rate, method and the ends of the amount and term ranges.
    /// Mandatory fees move the APR most at the ends (a fixed fee weighs most on the smallest,
    /// shortest loan), so the extremes of this grid bound what any customer will be quoted.
    /// </summary>
    public static (decimal Min, decimal Max) AprRange(
        decimal minAmount, decimal maxAmount, int minMonths, int maxMonths,
        IReadOnlyList<RepaymentMethod> methods, IEnumerable<decimal> offeredRates,
        IReadOnlyList<Fee> fees, RateRegime regime, DateOnly startDate)
    {
        var rates = offeredRates.ToList();
        if (rates.Count == 0 || methods.Count == 0) return (0m, 0m);
        decimal min = decimal.MaxValue, max = decimal.MinValue;
        foreach (var rate in new[] { rates.Min(), rates.Max() }.Distinct())
            foreach (var amount in new[] { minAmount, maxAmount }.Distinct())
                foreach (var months in new[] { minMonths, maxMonths }.Distinct())
                    foreach (var method in methods)
                    {
                        var apr = LoanQuote.For(new LoanTerms(amount, rate, months, method, startDate, fees), regime).AnnualRatePercent;
                        min = Math.Min(min, apr);
                        max = Math.Max(max, apr);
                    }
        return (min, max);
    }

    public static LoanQuote Example(RepresentativeExample example, IReadOnlyList<Fee> fees, RateRegime regime, DateOnly startDate) =>
        LoanQuote.For(new LoanTerms(example.Amount, example.AnnualRatePercent, example.Months, example.Method, startDate, fees), regime);

    /// <summary>The rate a grade gets, or null when the product does not offer that grade.</summary>
    public static decimal? RateFor(this ProductDetails product, RiskGrade grade) =>
        product.Rates.FirstOrDefault(r => r.Grade == grade)?.AnnualRatePercent;
}
