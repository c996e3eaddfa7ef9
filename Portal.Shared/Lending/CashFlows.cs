namespace Portal.Shared.Lending;

/// <summary>Which law the disclosed annual rate is computed under.</summary>
public enum RateRegime { CN, US, EU }

/// <summary>An amount of money moving on a date (an advance to, or a payment by, the borrower).</summary>
public readonly record struct DatedAmount(DateOnly Date, decimal Amount);
