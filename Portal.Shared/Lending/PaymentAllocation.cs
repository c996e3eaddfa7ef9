namespace Portal.Shared.Lending;

public static class PaymentAllocation
{
    /// <summary>
    /// Applies <paramref name="payment"/> to what is due on its date (instalments with a due date on or before it),
    /// component by component in the configured order, oldest instalment first within a component. What is left
    /// either prepays principal of the latest instalments or is held as credit.
    /// </summary>
    /// <remarks>
    /// Prepaying principal does not re-amortise the schedule: the later instalments' scheduled interest is
    /// unchanged. Early-repayment fees are not deducted here; quote them with <see cref="Payoff"/>.
    /// </remarks>
    public static AllocationResult Allocate(
        Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DatedAmount payment, AllocationOptions? options = null)
    {
        options ??= new AllocationOptions();
        var policy = options.Policy ?? OverduePolicy.Default;
        var order = options.EffectiveOrder;
        ArgumentNullException.ThrowIfNull(schedule);
        if (payment.Amount <= 0 || Money.Round(payment.Amount) != payment.Amount)
        {
            throw new ArgumentOutOfRangeException(nameof(payment), payment.Amount, "A payment must be positive and in whole cents.");
        }

        if (payment.Date < schedule.Terms.DisbursementDate)
        {
            throw new ArgumentOutOfRangeException(nameof(payment), payment.Date, "A payment cannot precede disbursement.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.SettleThrough);
        if (order.Count != 5 || order.Distinct().Count() != 5 || order.Any(c => !Enum.IsDefined(c)))
        {
            throw new ArgumentException("The order must list each component exactly once.", nameof(options));
        }

        var dues = Ledger.Dues(schedule, paid, payment.Date, policy);
        // Paying "instalment n" pays n and the older ones, instalment by instalment's components, and nothing later —
        // not even a later instalment that is overdue, or n would stay part-paid.
        bool Payable(InstalmentDue d) => options.SettleThrough > 0 ? d.Number <= options.SettleThrough : d.IsDue;
        var state = Crystallise(schedule, Ledger.Index(schedule, paid), payment.Date, policy);
        var lines = new List<AllocationLine>();
        var left = payment.Amount;

        foreach (var component in order)
        {
            foreach (var due in dues.Where(Payable))
            {
                var take = Math.Min(left, due.Owed(component));
                if (take > 0)
                {
                    lines.Add(new AllocationLine(due.Number, component, take));
                    state[due.Number] = Apply(state[due.Number], component, take);
                    left -= take;
                }
            }
        }

        var prepaid = 0m;
        if (options.Overpayment == OverpaymentOption.ReduceLatestPrincipal)
        {
            foreach (var due in dues.Where(d => !d.IsDue && !Payable(d)).Reverse())
            {
                var take = Math.Min(left, due.Principal);
                if (take > 0)
                {
                    lines.Add(new AllocationLine(due.Number, AllocationComponent.Principal, take));
                    state[due.Number] = Apply(state[due.Number], AllocationComponent.Principal, take);
                    left -= take;
                    prepaid += take;
                }
            }
        }

        var paidAfter = state.Values.Where(HasAnything).OrderBy(p => p.Number).ToList();
        return new AllocationResult(payment, lines, prepaid, left, paidAfter);
    }

    internal static InstalmentPaid Apply(InstalmentPaid paid, AllocationComponent component, decimal amount) => component switch
    {
        AllocationComponent.PenaltyInterest => paid with { PenaltyInterest = paid.PenaltyInterest + amount },
        AllocationComponent.LateFee => paid with { LateFee = paid.LateFee + amount },
        AllocationComponent.Fee => paid with { Fee = paid.Fee + amount },
        AllocationComponent.Interest => paid with { Interest = paid.Interest + amount },
        _ => paid with { Principal = paid.Principal + amount },
    };

    /// <summary>
    /// Fixes penalty accrued up to the payment date on the overdue principal as it stands before the payment,
    /// so later accrual starts from the reduced principal.
    /// </summary>
    internal static Dictionary<int, InstalmentPaid> Crystallise(
        Schedule schedule, IReadOnlyDictionary<int, InstalmentPaid> index, DateOnly date, OverduePolicy policy)
    {
        var state = new Dictionary<int, InstalmentPaid>();
        foreach (var row in schedule.Rows)
        {
            var paid = Ledger.PaidFor(index, row.Number);
            var accrued = Ledger.PenaltyAccruedTotal(schedule, row, paid, date, policy);
            state[row.Number] = accrued != paid.PenaltyAccrued || paid.PenaltyAccruedThrough is not null || IsAccruing(row, paid, date, policy)
                ? paid with { PenaltyAccrued = accrued, PenaltyAccruedThrough = Later(paid.PenaltyAccruedThrough, date) }
                : paid;
        }

        return state;
    }

    private static bool IsAccruing(Instalment row, InstalmentPaid paid, DateOnly date, OverduePolicy policy) =>
        row.Principal > paid.Principal && date.DayNumber - row.DueDate.DayNumber > policy.GraceDays;

    private static DateOnly Later(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;

    internal static bool HasAnything(InstalmentPaid p) =>
        p.InterestWaived != 0 || p.FeeWaived != 0 || p.Principal != 0 || p.Interest != 0 || p.Fee != 0 || p.LateFee != 0 || p.PenaltyInterest != 0
        || p.PenaltyAccrued != 0 || p.PenaltyAccruedThrough is not null;
}
