namespace Portal.Shared.Lending;

/// <summary>Arrears, penalty interest and classification of a loan in progress.</summary>
public static class Overdue
{
    /// <summary>Every instalment's position on <paramref name="asOf"/>, due or not, oldest first.</summary>
    public static IReadOnlyList<InstalmentDue> Positions(Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly asOf, OverduePolicy? policy = null) =>
        Ledger.Dues(schedule, paid, asOf, policy ?? OverduePolicy.Default);

    /// <summary>The loan's standing from its instalments' positions: what the loan page shows and the daily run stores.</summary>
    public static LoanStanding Standing(IReadOnlyList<InstalmentDue> positions)
    {
        var due = positions.Where(d => d.IsDue).ToList();
        return new LoanStanding(
            DaysPastDue: due.Select(d => d.DaysPastDue).DefaultIfEmpty(0).Max(),
            Arrears: due.Sum(d => d.Total),
            PenaltyInterest: due.Sum(d => d.PenaltyInterest),
            LateFees: due.Sum(d => d.LateFee),
            PrincipalOutstanding: positions.Sum(d => d.Principal),
            DuePrincipal: due.Sum(d => d.Principal));
    }

    /// <summary>Instalments already due with anything unpaid on <paramref name="asOf"/>, oldest first.</summary>
    public static IReadOnlyList<InstalmentDue> Arrears(Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly asOf, OverduePolicy? policy = null) =>
        Ledger.Dues(schedule, paid, asOf, policy ?? OverduePolicy.Default).Where(d => d.IsDue && d.Total > 0).ToList();

    /// <summary>Days past due of the loan: those of its oldest overdue instalment.</summary>
    public static int DaysPastDue(Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly asOf, OverduePolicy? policy = null) =>
        Ledger.Dues(schedule, paid, asOf, policy ?? OverduePolicy.Default).Select(d => d.DaysPastDue).DefaultIfEmpty(0).Max();

    public static LoanClassification Classify(Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly asOf, OverduePolicy? policy = null)
    {
        policy ??= OverduePolicy.Default;
        return policy.EffectiveThresholds.Classify(DaysPastDue(schedule, paid, asOf, policy));
    }

    public static LoanClassification Classify(int daysPastDue, ClassificationThresholds? thresholds = null) =>
        (thresholds ?? ClassificationThresholds.Default).Classify(daysPastDue);

    /// <summary>
    /// Penalty interest on <paramref name="overduePrincipal"/> for <paramref name="days"/> days at the contract
    /// rate × (1 + markup), actual/365, rounded once.
    /// </summary>
    public static decimal PenaltyInterest(decimal overduePrincipal, decimal annualRatePercent, int days, decimal markup = 0.5m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overduePrincipal);
        ArgumentOutOfRangeException.ThrowIfNegative(annualRatePercent);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfNegative(markup);
        return Money.Round(overduePrincipal * annualRatePercent / 100m * (1 + markup) * days / 365m);
    }
}

/// <param name="Arrears">Everything due and unpaid, penalty interest and late fees included.</param>
/// <param name="PrincipalOutstanding">All unpaid principal, due or not.</param>
/// <param name="DuePrincipal">The principal part of the arrears.</param>
public sealed record LoanStanding(int DaysPastDue, decimal Arrears, decimal PenaltyInterest, decimal LateFees, decimal PrincipalOutstanding, decimal DuePrincipal)
{
    /// <summary>What is owed today short of paying off: all principal plus everything else already due.</summary>
    public decimal Balance => PrincipalOutstanding + Arrears - DuePrincipal;
}
