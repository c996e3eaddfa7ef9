namespace Portal.Shared.Lending;

/// <summary>
/// The amount that settles a loan in full on <see cref="QuoteDate"/>, honoured until <see cref="ValidUntil"/>.
/// <see cref="PrincipalOutstanding"/> is all unpaid principal, due or not; the Due* amounts are the unpaid
/// interest and periodic fees of instalments already due.
/// </summary>
public sealed record PayoffQuote(
    DateOnly QuoteDate,
    DateOnly ValidUntil,
    decimal PrincipalOutstanding,
    decimal AccruedInterest,
    decimal DueInterest,
    decimal DueFees,
    decimal PenaltyInterest,
    decimal LateFees,
    decimal EarlyRepaymentFee,
    EarlyRepaymentCap EarlyRepaymentCap = EarlyRepaymentCap.None)
{
    public decimal Total =>
        PrincipalOutstanding + AccruedInterest + DueInterest + DueFees + PenaltyInterest + LateFees + EarlyRepaymentFee;
}

/// <summary>What limited an early-repayment fee: nothing (the product's own fee), or one of the EU caps (Directive Art. 16).</summary>
public enum EarlyRepaymentCap { None, EuOnePercent, EuHalfPercent, EuInterestToCome }
