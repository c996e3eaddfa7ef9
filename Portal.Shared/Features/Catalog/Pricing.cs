using Portal.Shared.Lending;

namespace Portal.Shared.Features.Catalog;

/// <summary>The disclosed figures of a product, all from the one engine, all for loans paid out on the product's pricing date.</summary>
public static class Pricing
{
    /// <summary>
    /// Loan amounts are whole multiples of this. With percentage fees of at most two decimals, every
    /// fee is then an exact amount of cents, so no quote drifts above the disclosed range by rounding.
    /// </summary>
    public const decimal AmountStep = 100m;

    /// <summary>Within the product's amount range and a whole number of steps.</summary>
    public static bool AllowsAmount(this ProductDetails product, decimal amount) =>
        amount >= product.MinAmount && amount <= product.MaxAmount && amount % AmountStep == 0;

    public static bool AllowsTerm(this ProductDetails product, int months) =>
        months >= product.MinMonths && months <= product.MaxMonths;

    /// <summary>A quote for these terms under the product's fees and regime, paid out on its pricing date.</summary>
    public static LoanQuote Quote(this ProductDetails product, decimal amount, int months, RepaymentMethod method, decimal annualRatePercent) =>
        LoanQuote.For(new LoanTerms(amount, annualRatePercent, months, method, product.PricedOn, product.Fees), product.Regime);

    public static LoanQuote ExampleQuote(this ProductDetails product) =>
        product.Quote(product.Example.Amount, product.Example.Months, product.Example.Method, product.Example.AnnualRatePercent);

    /// <summary>
    /// The APR range of quotes paid out on the pricing date. The highest APR comes with the highest
    /// rate on the smallest amount (fixed and capped fees weigh most there), the lowest with the
    /// lowest rate on the largest amount; the term is searched in full, because with day-counted
    /// regimes (EU) and calendar months the APR is not monotonic in the term. The property tests
    /// check that no quote of the day falls outside.
    /// </summary>
    public static (decimal Min, decimal Max) AprRange(this ProductDetails product)
    {
        var rates = product.OfferedRates.ToList();
        if (rates.Count == 0 || product.Methods.Count == 0) return (0m, 0m);
        decimal min = decimal.MaxValue, max = decimal.MinValue;
        foreach (var method in product.Methods)
            for (var months = product.MinMonths; months <= product.MaxMonths; months++)
            {
                max = Math.Max(max, product.Quote(product.MinAmount, months, method, rates.Max()).AnnualRatePercent);
                min = Math.Min(min, product.Quote(product.MaxAmount, months, method, rates.Min()).AnnualRatePercent);
            }
        return (min, max + RoundingAllowance);
    }

    /// <summary>
    /// Interest is rounded to the cent in every period, which moves the APR of a small loan by a few
    /// thousandths of a point from one amount to the next. The top of the range allows for that, so
    /// no quote of the day shows a higher APR than the range promised. (At the bottom, on the largest
    /// amount, the effect is far below what is displayed.)
    /// </summary>
    public const decimal RoundingAllowance = 0.01m;

    /// <summary>The rate a grade gets, or null when the product does not offer that grade.</summary>
    public static decimal? RateFor(this ProductDetails product, RiskGrade grade) =>
        product.Rates.FirstOrDefault(r => r.Grade == grade)?.AnnualRatePercent;
}
