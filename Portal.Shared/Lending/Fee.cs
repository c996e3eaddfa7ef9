namespace Portal.Shared.Lending;

/// <summary>
/// Upfront: charged at disbursement (withheld from the payout when <c>DeductedFromPayout</c>, else paid then);
/// the APR treats both as reducing the net advance. PerInstalment: added to every instalment, its percentage
/// on the original principal. Late: per overdue instalment. EarlyRepayment: on principal repaid early.
/// Late and EarlyRepayment are contingent, so they are not part of the APR or the schedule totals.
/// </summary>
public enum FeeKind { Upfront, PerInstalment, Late, EarlyRepayment }

public sealed record Fee(
    string Code,
    FeeKind Kind,
    decimal FixedAmount = 0m,
    decimal PercentOfPrincipal = 0m,
    decimal? CapAmount = null,
    bool DeductedFromPayout = true)
{
    /// <summary>Mandatory fees are certain to be paid, so they count in the total cost and the APR.</summary>
    public bool IsMandatory => Kind is FeeKind.Upfront or FeeKind.PerInstalment;

    /// <summary>
    /// <c>FixedAmount + PercentOfPrincipal% × principal</c>, rounded, then capped by <c>CapAmount</c>.
    /// The principal is the loan's for Upfront/PerInstalment, the instalment's for Late, and the amount
    /// repaid early for EarlyRepayment.
    /// </summary>
    public decimal AmountOn(decimal principal)
    {
        var amount = Money.Round(FixedAmount + (PercentOfPrincipal / 100m * principal));
        return CapAmount is { } cap ? Math.Min(amount, Money.Round(cap)) : amount;
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            throw new ArgumentException("A fee needs a code.", nameof(Code));
        }

        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown fee kind.");
        }

        if (FixedAmount < 0 || PercentOfPrincipal < 0 || CapAmount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FixedAmount), $"Fee {Code} has a negative amount, percentage or cap.");
        }
    }
}
