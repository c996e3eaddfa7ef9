namespace Portal.Shared.Lending;

/// <summary>Generates the monthly rows of each repayment method.</summary>
internal static class ScheduleRows
{
    public static IReadOnlyList<Instalment> For(LoanTerms terms)
    {
        var fee = terms.FeesOf(FeeKind.PerInstalment).Sum(f => f.AmountOn(terms.Principal));
        return terms.Method switch
        {
            RepaymentMethod.EqualInstalments => Amortising(terms, fee, AnnuityPayment(terms), equalPrincipal: false),
            RepaymentMethod.EqualPrincipal => Amortising(terms, fee, Money.Round(terms.Principal / terms.Months), equalPrincipal: true),
            RepaymentMethod.InterestOnly => InterestOnly(terms, fee),
            RepaymentMethod.SingleRepayment => SingleRepayment(terms, fee),
            _ => throw new ArgumentOutOfRangeException(nameof(terms), terms.Method, "Unknown repayment method."),
        };
    }

    /// <summary>Interest of one month on an opening balance, rounded once.</summary>
    public static decimal MonthlyInterest(decimal balance, decimal annualRatePercent) =>
        Money.Round(balance * annualRatePercent / 1200m);

    /// <summary>The annuity instalment P·r / (1 − (1+r)^−n), rounded once; P/n at a zero rate.</summary>
    public static decimal AnnuityPayment(LoanTerms terms)
    {
        if (terms.AnnualRatePercent == 0)
        {
            return Money.Round(terms.Principal / terms.Months);
        }

        var rate = terms.AnnualRatePercent / 1200m;
        var growth = Power(1 + rate, terms.Months);
        return Money.Round(terms.Principal * rate / (1 - (1 / growth)));
    }

    private static IReadOnlyList<Instalment> Amortising(LoanTerms terms, decimal fee, decimal amount, bool equalPrincipal)
    {
        var rows = new List<Instalment>(terms.Months);
        var balance = terms.Principal;
        for (var n = 1; n <= terms.Months; n++)
        {
            var interest = MonthlyInterest(balance, terms.AnnualRatePercent);

            // Clamped so rounding can never push the balance below zero; the last row takes the residue.
            var principal = n == terms.Months
                ? balance
                : Math.Min(balance, equalPrincipal ? amount : Math.Max(0m, amount - interest));
            balance -= principal;
            rows.Add(new Instalment(n, terms.DisbursementDate.AddMonths(n), principal, interest, fee, balance));
        }

        return rows;
    }

    private static IReadOnlyList<Instalment> InterestOnly(LoanTerms terms, decimal fee)
    {
        var interest = MonthlyInterest(terms.Principal, terms.AnnualRatePercent);
        return Enumerable.Range(1, terms.Months)
            .Select(n => n == terms.Months
                ? new Instalment(n, terms.DisbursementDate.AddMonths(n), terms.Principal, interest, fee, 0m)
                : new Instalment(n, terms.DisbursementDate.AddMonths(n), 0m, interest, fee, terms.Principal))
            .ToList();
    }

    private static IReadOnlyList<Instalment> SingleRepayment(LoanTerms terms, decimal fee)
    {
        // Simple interest over the whole term, rounded once: no monthly rounding to accumulate.
        var interest = Money.Round(terms.Principal * terms.AnnualRatePercent / 100m * terms.Months / 12m);
        return [new Instalment(1, terms.DisbursementDate.AddMonths(terms.Months), terms.Principal, interest, fee, 0m)];
    }

    private static decimal Power(decimal value, int exponent)
    {
        var result = 1m;
        for (; exponent > 0; exponent >>= 1)
        {
            if ((exponent & 1) == 1)
            {
                result *= value;
            }

            if (exponent > 1)
            {
                value *= value;
            }
        }

        return result;
    }
}
