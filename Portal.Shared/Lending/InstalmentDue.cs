namespace Portal.Shared.Lending;

/// <summary>
/// What is still owed on one instalment as of a date. <see cref="DaysPastDue"/> is counted from the due date
/// and is 0 unless the instalment is overdue (past the grace period with something unpaid).
/// </summary>
public sealed record InstalmentDue(
    int Number,
    DateOnly DueDate,
    bool IsDue,
    int DaysPastDue,
    decimal PenaltyInterest,
    decimal LateFee,
    decimal Fee,
    decimal Interest,
    decimal Principal)
{
    public bool IsOverdue => DaysPastDue > 0;

    public decimal Total => PenaltyInterest + LateFee + Fee + Interest + Principal;

    public decimal Owed(AllocationComponent component) => component switch
    {
        AllocationComponent.PenaltyInterest => PenaltyInterest,
        AllocationComponent.LateFee => LateFee,
        AllocationComponent.Fee => Fee,
        AllocationComponent.Interest => Interest,
        _ => Principal,
    };
}
