namespace Portal.Shared.Lending;

public enum RepaymentMethod { EqualInstalments, EqualPrincipal, InterestOnly, SingleRepayment }

public sealed record LoanTerms(
    decimal Principal,
    decimal AnnualRatePercent,
    int Months,
    RepaymentMethod Method,
    DateOnly DisbursementDate,
    IReadOnlyList<Fee> Fees)
{
    public const int MaxMonths = 600;

    internal IEnumerable<Fee> FeesOf(FeeKind kind) => Fees.Where(f => f.Kind == kind);

    internal void Validate()
    {
        if (Principal <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Principal), Principal, "Principal must be positive.");
        }

        if (Months is < 1 or > MaxMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(Months), Months, $"Term must be 1 to {MaxMonths} months.");
        }

        if (AnnualRatePercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(AnnualRatePercent), AnnualRatePercent, "Rate must be 0 to 100 percent.");
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown repayment method.");
        }

        ArgumentNullException.ThrowIfNull(Fees);
        foreach (var fee in Fees)
        {
            ArgumentNullException.ThrowIfNull(fee, nameof(Fees));
            fee.Validate();
        }

        if (FeesOf(FeeKind.Upfront).Sum(f => f.AmountOn(Principal)) >= Principal)
        {
            throw new ArgumentOutOfRangeException(nameof(Fees), "Upfront fees must leave something to advance.");
        }
    }
}
