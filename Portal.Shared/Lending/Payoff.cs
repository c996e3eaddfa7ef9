namespace Portal.Shared.Lending;

public static class Payoff
{
    /// <summary>
    /// Settlement on <paramref name="quoteDate"/>: all unpaid principal, plus interest on the not-yet-due
    /// principal from the last due date (or disbursement) to the quote date, actual/365 rounded once, plus
    /// everything unpaid on instalments already due (interest, periodic fees, penalty interest, late fees),
    /// plus the early-repayment fee on the not-yet-due principal.
    /// </summary>
    public static PayoffQuote Quote(
        Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly quoteDate, DateOnly validUntil, OverduePolicy? policy = null)
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
        var earlyFee = notYetDuePrincipal > 0
            ? terms.FeesOf(FeeKind.EarlyRepayment).Sum(f => f.AmountOn(notYetDuePrincipal))
            : 0m;

        return new PayoffQuote(
            quoteDate,
            validUntil,
            PrincipalOutstanding: dues.Sum(d => d.Principal),
            AccruedInterest: accrued,
            DueInterest: due.Sum(d => d.Interest),
            DueFees: due.Sum(d => d.Fee),
            PenaltyInterest: due.Sum(d => d.PenaltyInterest),
            LateFees: due.Sum(d => d.LateFee),
            EarlyRepaymentFee: earlyFee);
    }

    /// <summary>A quote valid for <paramref name="validForDays"/> days after <paramref name="quoteDate"/>.</summary>
    public static PayoffQuote Quote(
        Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly quoteDate, int validForDays, OverduePolicy? policy = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validForDays);
        return Quote(schedule, paid, quoteDate, quoteDate.AddDays(validForDays), policy);
    }
}
