namespace Portal.Shared.Lending;

public sealed record Instalment(int Number, DateOnly DueDate, decimal Principal, decimal Interest, decimal Fee, decimal BalanceAfter)
{
    /// <summary>Principal plus interest; what schedules.json calls "payment".</summary>
    public decimal Payment => Principal + Interest;

    /// <summary>What the borrower pays on the due date, periodic fees included.</summary>
    public decimal Total => Payment + Fee;
}
