namespace Portal.Shared.Lending;

public static class Payoff
{
    /// <summary>
    /// Settlement on <paramref name="quoteDate"/>: all unpaid principal, plus interest on the not-yet-due
    /// principal from the last due date (or disbursement) to the quote date, actual/365 rounded once, plus
    /// everything unpaid on instalments already due (interest, periodic fees, penalty interest, late fees),
    /// plus the early-repayment fee on the not-yet-due principal (capped as <paramref name="regime"/> requires: see
    /// <see cref="EarlyRepaymentFee"/>).
    /// </summary>
    public static PayoffQuote Quote(
        Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly quoteDate, DateOnly validUntil, OverduePolicy? policy = null,
        RateRegime regime = RateRegime.CN)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var terms = schedule.Terms;
        if (quoteDate < terms.DisbursementDate)
        {
            throw new ArgumentOutOfRangeException(nameof(quoteDate), quoteDate, "The loan is not disbursed yet.");
        }

        if (validUntil < quoteDate)
        {
            throw new ArgumentOutOfRangeException(nameof(validUntil), validUntil, "A quote cannot expire before it is given.");
        }

        var dues = Ledger.Dues(schedule, paid, quoteDate, policy ?? OverduePolicy.Default);
        var due = dues.Where(d => d.IsDue).ToList();
        var notYetDuePrincipal = dues.Where(d => !d.IsDue).Sum(d => d.Principal);
        var lastDueDate = due.Count > 0 ? due[^1].DueDate : terms.DisbursementDate;
        var days = quoteDate.DayNumber - lastDueDate.DayNumber;
        var accrued = Money.Round(notYetDuePrincipal * terms.AnnualRatePercent / 100m * days / 365m);
        var interestToCome = Math.Max(0m, dues.Where(d => !d.IsDue).Sum(d => d.Interest) - accrued);
        var (earlyFee, cap) = EarlyRepaymentFee(schedule, notYetDuePrincipal, interestToCome, quoteDate, regime);

        return new PayoffQuote(
            quoteDate,
            validUntil,
            PrincipalOutstanding: dues.Sum(d => d.Principal),
            AccruedInterest: accrued,
            DueInterest: due.Sum(d => d.Interest),
            DueFees: due.Sum(d => d.Fee),
            PenaltyInterest: due.Sum(d => d.PenaltyInterest),
            LateFees: due.Sum(d => d.LateFee),
            EarlyRepaymentFee: earlyFee,
            EarlyRepaymentCap: cap);
    }

    /// <summary>
    /// The product's early-repayment fee on <paramref name="repaidEarly"/>. Under <see cref="RateRegime.EU"/> the
    /// Consumer Credit Directive (Art. 16) caps it at 1% of the amount repaid early when more than a year of the term
    /// remains, 0.5% otherwise, and never above the interest the borrower would still have paid until the end of the
    /// term (<paramref name="interestToCome"/>); the cap that bit is returned, so the quote can say which applied.
    /// CN and US keep the product's own fee.
    /// </summary>
    public static (decimal Fee, EarlyRepaymentCap Cap) EarlyRepaymentFee(
        Schedule schedule, decimal repaidEarly, decimal interestToCome, DateOnly date, RateRegime regime)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (repaidEarly <= 0) return (0m, EarlyRepaymentCap.None);
        var fee = schedule.Terms.FeesOf(FeeKind.EarlyRepayment).Sum(f => f.AmountOn(repaidEarly));
        if (regime != RateRegime.EU || fee == 0) return (fee, EarlyRepaymentCap.None);

        var moreThanAYearLeft = date.AddYears(1) < schedule.Rows[^1].DueDate;
        var (percentCap, capKind) = moreThanAYearLeft
            ? (Money.Round(repaidEarly * 0.01m), EarlyRepaymentCap.EuOnePercent)
            : (Money.Round(repaidEarly * 0.005m), EarlyRepaymentCap.EuHalfPercent);
        if (interestToCome < Math.Min(fee, percentCap)) return (interestToCome, EarlyRepaymentCap.EuInterestToCome);
        return fee <= percentCap ? (fee, EarlyRepaymentCap.None) : (percentCap, capKind);
    }

    /// <summary>A quote valid for <paramref name="validForDays"/> days after <paramref name="quoteDate"/>.</summary>
    public static PayoffQuote Quote(
        Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly quoteDate, int validForDays, OverduePolicy? policy = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validForDays);
        return Quote(schedule, paid, quoteDate, quoteDate.AddDays(validForDays), policy);
    }

    /// <summary>
    /// Posts a payment that settles the loan in full on its date: everything due is paid in the default order,
    /// the not-yet-due principal is paid, their scheduled interest and periodic fees are waived, and the quote's
    /// accrued interest and early-repayment fee are charged to the loan as a whole. Anything beyond the quote is
    /// credit. Afterwards nothing is owed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The payment is less than the payoff amount on its date.</exception>
    public static PayoffSettlement Settle(
        Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DatedAmount payment, OverduePolicy? policy = null, RateRegime regime = RateRegime.CN)
    {
        policy ??= OverduePolicy.Default;
        var quote = Quote(schedule, paid, payment.Date, payment.Date, policy, regime);
        if (payment.Amount < quote.Total || Money.Round(payment.Amount) != payment.Amount)
        {
            throw new ArgumentOutOfRangeException(nameof(payment), payment.Amount, $"A payoff on {payment.Date} needs {quote.Total}.");
        }

        var dues = Ledger.Dues(schedule, paid, payment.Date, policy);
        var state = PaymentAllocation.Crystallise(schedule, Ledger.Index(schedule, paid), payment.Date, policy);
        var lines = new List<AllocationLine>();
        foreach (var component in AllocationOptions.DefaultOrder)
        {
            foreach (var due in dues.Where(d => d.IsDue && d.Owed(component) > 0))
            {
                lines.Add(new AllocationLine(due.Number, component, due.Owed(component)));
                state[due.Number] = PaymentAllocation.Apply(state[due.Number], component, due.Owed(component));
            }
        }

        var prepaid = 0m;
        foreach (var due in dues.Where(d => !d.IsDue))
        {
            var p = state[due.Number];
            if (due.Principal > 0)
            {
                lines.Add(new AllocationLine(due.Number, AllocationComponent.Principal, due.Principal));
                prepaid += due.Principal;
            }

            state[due.Number] = p with
            {
                Principal = p.Principal + due.Principal,
                InterestWaived = p.InterestWaived + due.Interest,
                FeeWaived = p.FeeWaived + due.Fee,
            };
        }

        var paidAfter = state.Values.Where(PaymentAllocation.HasAnything).OrderBy(p => p.Number).ToList();
        var credit = payment.Amount - quote.Total;
        return new PayoffSettlement(new AllocationResult(payment, lines, prepaid, credit, paidAfter), quote.AccruedInterest, quote.EarlyRepaymentFee);
    }
}

/// <summary>
/// A payoff posted: <see cref="Allocation"/> covers the instalments; <see cref="AccruedInterest"/> and
/// <see cref="EarlyRepaymentFee"/> are charged to the loan as a whole. The payment equals the lines, these two
/// and the credit.
/// </summary>
public sealed record PayoffSettlement(AllocationResult Allocation, decimal AccruedInterest, decimal EarlyRepaymentFee)
{
    public decimal Total => Allocation.Allocated + AccruedInterest + EarlyRepaymentFee + Allocation.Credit;
}
