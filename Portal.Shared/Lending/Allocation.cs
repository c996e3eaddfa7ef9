namespace Portal.Shared.Lending;

/// <summary>What an overpayment (money left after everything due is paid) is used for.</summary>
public enum OverpaymentOption
{
    /// <summary>Prepay principal of the latest instalments first, shortening the loan.</summary>
    ReduceLatestPrincipal,

    /// <summary>Keep it as a credit balance for future instalments.</summary>
    HoldAsCredit,
}

public enum AllocationComponent { PenaltyInterest, LateFee, Fee, Interest, Principal }

/// <param name="Order">
/// Components in the order they are paid, each across all due instalments oldest first. Defaults to
/// <see cref="DefaultOrder"/>: penalty interest → fees (late, then periodic) → interest → principal.
/// </param>
/// <param name="SettleThrough">
/// When set, exactly the instalments up to this number are paid, as if due: a customer paying their next
/// instalment a few days early pays that instalment, not the end of the loan; paying an overdue instalment pays
/// that one (and older ones), not a later overdue one.
/// </param>
public sealed record AllocationOptions(
    OverpaymentOption Overpayment = OverpaymentOption.ReduceLatestPrincipal,
    IReadOnlyList<AllocationComponent>? Order = null,
    OverduePolicy? Policy = null,
    int SettleThrough = 0)
{
    public static IReadOnlyList<AllocationComponent> DefaultOrder { get; } =
    [
        AllocationComponent.PenaltyInterest,
        AllocationComponent.LateFee,
        AllocationComponent.Fee,
        AllocationComponent.Interest,
        AllocationComponent.Principal,
    ];

    public IReadOnlyList<AllocationComponent> EffectiveOrder => Order ?? DefaultOrder;
}

public sealed record AllocationLine(int InstalmentNumber, AllocationComponent Component, decimal Amount);

/// <summary>
/// Where a payment went. <see cref="Lines"/> are in allocation order, prepaid principal last.
/// <see cref="PaidAfter"/> is the updated paid state to store, with penalty crystallised to the payment date.
/// </summary>
public sealed record AllocationResult(
    DatedAmount Payment,
    IReadOnlyList<AllocationLine> Lines,
    decimal PrincipalPrepaid,
    decimal Credit,
    IReadOnlyList<InstalmentPaid> PaidAfter)
{
    /// <summary>Everything applied to instalments, prepaid principal included.</summary>
    public decimal Allocated => Lines.Sum(l => l.Amount);

    /// <summary>The part of the payment beyond what was due: prepaid principal plus credit.</summary>
    public decimal Overpayment => PrincipalPrepaid + Credit;
}
