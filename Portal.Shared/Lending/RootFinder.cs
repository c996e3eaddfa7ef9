namespace Portal.Shared.Lending;

/// <summary>
/// Finds the periodic rate that zeroes a net present value. Bisection is used rather than Newton alone
/// because disclosure must never fail to converge on odd cash flows; it is fast enough (~100 steps).
/// </summary>
internal static class RootFinder
{
    private const double MaxRate = 1e9;

    /// <param name="npv">Payments minus advances, discounted at the given periodic rate; decreasing in the rate.</param>
    public static double Solve(Func<double, double> npv)
    {
        var (lo, hi) = Bracket(npv);
        for (var step = 0; step < 400; step++)
        {
            var mid = lo + ((hi - lo) / 2);
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (npv(mid) > 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo + ((hi - lo) / 2);
    }

    private static (double Lo, double Hi) Bracket(Func<double, double> npv)
    {
        if (npv(0) > 0)
        {
            double lo = 0, hi = 0.01;
            while (npv(hi) > 0)
            {
                lo = hi;
                hi *= 2;
                if (hi > MaxRate)
                {
                    throw new ArgumentException("The cash flows have no finite rate: payments never balance the advances.");
                }
            }

            return (lo, hi);
        }

        // Payments below the advances: the rate is negative, somewhere in (-1, 0].
        double upper = 0, lower = -0.5;
        while (!(npv(lower) > 0))
        {
            upper = lower;
            lower = -1 + ((1 + lower) / 2);
            if (1 + lower < 1e-12)
            {
                throw new ArgumentException("The cash flows have no rate above -100%.");
            }
        }

        return (lower, upper);
    }
}
