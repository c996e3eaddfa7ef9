namespace Portal.Shared.Lending;

/// <summary>
/// What has been settled against one instalment so far (cumulative amounts). An instalment with no entry has
/// had nothing paid. <see cref="PenaltyAccrued"/> is penalty interest already crystallised through
/// <see cref="PenaltyAccruedThrough"/>: because overdue principal changes only when a payment arrives, accruing
/// in segments between payments keeps daily penalty exact without a payment history.
/// <see cref="PaymentAllocation"/> maintains both. <see cref="InterestWaived"/> and <see cref="FeeWaived"/> are the
/// scheduled interest and periodic fees a payoff forgave (the not-yet-due instalments'), so that what is owed is
/// always scheduled − paid − waived.
/// </summary>
public sealed record InstalmentPaid(
    int Number,
    decimal Principal = 0m,
    decimal Interest = 0m,
    decimal Fee = 0m,
    decimal LateFee = 0m,
    decimal PenaltyInterest = 0m,
    decimal PenaltyAccrued = 0m,
    DateOnly? PenaltyAccruedThrough = null,
    decimal InterestWaived = 0m,
    decimal FeeWaived = 0m);
