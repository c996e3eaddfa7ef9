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
    /// The APR range of the quotes paid out on the pricing date: the lowest and the highest APR that some quote of the
    /// day actually gets (any allowed amount, term and method; the lowest and the highest offered rate). Both ends
    /// are real quotes, found by the search in <see cref="ExtremeApr"/>; the property tests check it against every quote.
    /// </summary>
    public static (decimal Min, decimal Max) AprRange(this ProductDetails product)
    {
        var rates = product.OfferedRates.ToList();
        if (rates.Count == 0 || product.Methods.Count == 0) return (0m, 0m);
        var terms = product.Methods
            .SelectMany(method => Enumerable.Range(product.MinMonths, product.MaxMonths - product.MinMonths + 1).Select(months => (method, months)))
            .ToList();
        return (product.ExtremeApr(terms, rates.Min(), highest: false), product.ExtremeApr(terms, rates.Max(), highest: true));
    }

    /// <summary>
    /// The highest (or lowest) APR of any quote at this rate. The APR is not monotonic in the amount: interest is rounded
    /// to the cent every month, so a small loan's APR moves by a few thousandths of a point from one amount to the next
    /// (the Everyday Personal Loan peaks at 5,900, not at its smallest amount). So every term and method is searched,
    /// from the amount where the extreme would lie without rounding (the smallest for the highest APR, where fixed and
    /// capped fees weigh most; the largest for the lowest), skipping the amounts that provably cannot beat the best:
    /// <para>
    /// Write f(P) for the net present value of a loan of P at the best APR so far, divided by P: a quote beats the best
    /// exactly when its f is above zero (below, for the lowest). Without rounding, f could only fall as P grows (fee
    /// shares only shrink), and rounding moves f by at most s/P (s = <see cref="RoundingSlack"/>). So once a quote's f
    /// is a margin m past zero beyond its own s/P, only amounts under s/m can still beat the best on that term: the
    /// highest-APR search stops there, the lowest-APR search jumps down to there.
    /// </para>
    /// A quote's APR is solved for only when its f says it beats the best, so a step costs about one schedule.
    /// </summary>
    private static decimal ExtremeApr(this ProductDetails product, IReadOnlyList<(RepaymentMethod Method, int Months)> terms, decimal rate, bool highest)
    {
        var last = (int)((product.MaxAmount - product.MinAmount) / AmountStep);
        decimal Amount(int step) => product.MinAmount + (step * AmountStep);

        // The best at the starting amount of every term first, so that the searches below stop early.
        var start = highest ? 0 : last;
        var first = terms.Select(t => product.Quote(Amount(start), t.Months, t.Method, rate).AnnualRatePercent).ToList();
        var best = highest ? first.Max() : first.Min();
        foreach (var (method, months) in terms)
        {
            var slack = RoundingSlack(months, rate, product.Fees.Count);
            var reach = double.MaxValue; // only amounts below this can still beat the best
            for (var step = start; step >= 0 && step <= last && !(highest && (double)Amount(step) >= reach); step += highest ? 1 : -1)
            {
                var amount = Amount(step);
                var schedule = Schedule.Build(new LoanTerms(amount, rate, months, method, product.PricedOn, product.Fees));
                var f = AnnualRate.PresentValueAt(product.Regime, schedule.Advances, schedule.Payments, best) / (double)amount;
                if (highest ? f > 0 : f < 0)
                {
                    var apr = AnnualRate.Compute(product.Regime, schedule.Advances, schedule.Payments);
                    best = highest ? Math.Max(best, apr) : Math.Min(best, apr);
                    continue;
                }

                var margin = Math.Abs(f) - (slack / (double)amount);
                if (margin <= 0) continue;
                reach = Math.Min(reach, slack / margin);
                if (!highest)
                {
                    // Down to the largest amount under the reach (the loop steps down once more).
                    step = (int)Math.Min(step, Math.Ceiling((reach - (double)product.MinAmount) / (double)AmountStep));
                }
            }
        }

        return best;
    }

    /// <summary>
    /// A bound, in money, on how far cent rounding moves the sum of a schedule's payments from the unrounded one: each
    /// row's interest, instalment and fee are rounded (half a cent each), and an amortising schedule carries the
    /// balance's error forward at the monthly rate until the last row takes it (so it grows like (1 + r)^n). Doubled
    /// for safety: it only decides when a search may stop, never a figure.
    /// </summary>
    private static double RoundingSlack(int months, decimal ratePercent, int fees) =>
        (0.02 * months * Math.Pow(1 + ((double)ratePercent / 1200), months)) + (0.01 * months) + (0.01 * fees);

    /// <summary>The rate a grade gets, or null when the product does not offer that grade.</summary>
    public static decimal? RateFor(this ProductDetails product, RiskGrade grade) =>
        product.Rates.FirstOrDefault(r => r.Grade == grade)?.AnnualRatePercent;
}
