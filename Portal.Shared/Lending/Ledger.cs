namespace Portal.Shared.Lending;

/// <summary>The one place that turns a schedule plus what was paid into amounts owed on a date.</summary>
internal static class Ledger
{
    public static IReadOnlyDictionary<int, InstalmentPaid> Index(Schedule schedule, IReadOnlyList<InstalmentPaid> paid)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(paid);
        var index = new Dictionary<int, InstalmentPaid>();
        foreach (var entry in paid)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(paid));
            if (entry.Number < 1 || entry.Number > schedule.Rows.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(paid), entry.Number, "No such instalment.");
            }

            if (!index.TryAdd(entry.Number, entry))
            {
                throw new ArgumentException($"Instalment {entry.Number} is listed twice.", nameof(paid));
            }
        }

        return index;
    }

    public static InstalmentPaid PaidFor(IReadOnlyDictionary<int, InstalmentPaid> index, int number) =>
        index.TryGetValue(number, out var entry) ? entry : new InstalmentPaid(number);

    /// <summary>Every instalment's position on <paramref name="asOf"/>, oldest first.</summary>
    public static IReadOnlyList<InstalmentDue> Dues(Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly asOf, OverduePolicy policy)
    {
        policy.Validate();
        var index = Index(schedule, paid);
        return schedule.Rows.Select(row => Due(schedule, row, PaidFor(index, row.Number), asOf, policy)).ToList();
    }

    /// <summary>Penalty interest crystallised through <paramref name="asOf"/>: earlier segments plus the new one.</summary>
    public static decimal PenaltyAccruedTotal(Schedule schedule, Instalment row, InstalmentPaid paid, DateOnly asOf, OverduePolicy policy)
    {
        var unpaidPrincipal = row.Principal - paid.Principal;
        if (!IsOverdue(row, paid, asOf, policy) || unpaidPrincipal <= 0)
        {
            return paid.PenaltyAccrued;
        }

        var from = paid.PenaltyAccruedThrough is { } through && through > row.DueDate ? through : row.DueDate;
        if (asOf < from)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, $"Instalment {row.Number} already has penalty accrued through {from}.");
        }

        var days = asOf.DayNumber - from.DayNumber;
        return paid.PenaltyAccrued + Overdue.PenaltyInterest(unpaidPrincipal, schedule.Terms.AnnualRatePercent, days, policy.PenaltyMarkup);
    }

    public static decimal LateFeeFor(Schedule schedule, Instalment row) =>
        schedule.Terms.FeesOf(FeeKind.Late).Sum(f => f.AmountOn(row.Principal));

    private static bool IsOverdue(Instalment row, InstalmentPaid paid, DateOnly asOf, OverduePolicy policy)
    {
        var unpaid = (row.Principal - paid.Principal) + (row.Interest - paid.Interest - paid.InterestWaived) + (row.Fee - paid.Fee - paid.FeeWaived);
        return unpaid > 0 && asOf.DayNumber - row.DueDate.DayNumber > policy.GraceDays;
    }

    private static InstalmentDue Due(Schedule schedule, Instalment row, InstalmentPaid paid, DateOnly asOf, OverduePolicy policy)
    {
        var overdue = IsOverdue(row, paid, asOf, policy);

        // Owed only while overdue; the default allocation order always settles it before the instalment clears.
        var lateFee = overdue ? LateFeeFor(schedule, row) : 0m;
        var penalty = PenaltyAccruedTotal(schedule, row, paid, asOf, policy) - paid.PenaltyInterest;
        return new InstalmentDue(
            row.Number,
            row.DueDate,
            IsDue: row.DueDate <= asOf,
            DaysPastDue: overdue ? asOf.DayNumber - row.DueDate.DayNumber : 0,
            PenaltyInterest: Math.Max(0m, penalty),
            LateFee: Math.Max(0m, lateFee - paid.LateFee),
            Fee: Math.Max(0m, row.Fee - paid.Fee - paid.FeeWaived),
            Interest: Math.Max(0m, row.Interest - paid.Interest - paid.InterestWaived),
            Principal: Math.Max(0m, row.Principal - paid.Principal));
    }
}
