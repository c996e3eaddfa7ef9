namespace Portal.Shared.Lending;

/// <summary>
/// Product settings for arrears. An instalment is overdue once more than <see cref="GraceDays"/> days have
/// passed since its due date with something unpaid. Penalty interest then runs from the due date itself (the
/// grace period forgives prompt-enough payers, it does not shift the clock) on the overdue principal at the
/// contract rate × (1 + <see cref="PenaltyMarkup"/>), actual/365.
/// </summary>
public sealed record OverduePolicy(int GraceDays = 0, decimal PenaltyMarkup = 0.5m, ClassificationThresholds? Thresholds = null)
{
    public static OverduePolicy Default { get; } = new();

    public ClassificationThresholds EffectiveThresholds => Thresholds ?? ClassificationThresholds.Default;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(GraceDays);
        ArgumentOutOfRangeException.ThrowIfNegative(PenaltyMarkup);
    }
}
