namespace Portal.Shared.Lending;

public static class Acceleration
{
    /// <summary>
    /// Calls the loan in on <paramref name="date"/>: every instalment not yet due falls due that day, with its
    /// principal; of their scheduled interest only what has accrued since the last due date stays owed (capped at
    /// the first such instalment's own interest, so the borrower never owes more than the contract's), and the rest
    /// of their interest and periodic fees is waived. Overdue instalments are untouched. Afterwards the whole
    /// remaining balance is due on <paramref name="date"/>, and the payoff quote has no early-repayment fee.
    /// </summary>
    public static (Schedule Schedule, IReadOnlyList<InstalmentPaid> Paid) CallIn(
        Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly date, OverduePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        policy ??= OverduePolicy.Default;
        var quote = Payoff.Quote(schedule, paid, date, date, policy);
        var dues = Ledger.Dues(schedule, paid, date, policy);
        var index = Ledger.Index(schedule, paid);
        var keepInterest = quote.AccruedInterest;
        var rows = new List<Instalment>();
        var after = new List<InstalmentPaid>();
        foreach (var row in schedule.Rows)
        {
            var p = Ledger.PaidFor(index, row.Number);
            var due = dues[row.Number - 1];
            if (!due.IsDue)
            {
                var keep = Math.Min(keepInterest, due.Interest);
                keepInterest -= keep;
                p = p with { InterestWaived = p.InterestWaived + due.Interest - keep, FeeWaived = p.FeeWaived + due.Fee };
                rows.Add(row with { DueDate = date });
            }
            else
            {
                rows.Add(row);
            }

            if (PaymentAllocation.HasAnything(p)) after.Add(p);
        }

        return (schedule with { Rows = rows }, after);
    }
}
