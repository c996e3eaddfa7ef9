using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;

namespace Portal.Shared.Features.Loans;

/// <summary>Where an instalment stands today, as the schedule shows it.</summary>
public enum InstalmentState { Paid, PartPaid, Due, Overdue, Upcoming, Waived }

public enum LoanState { Active, Closed }

/// <summary>One loan on the customer's list.</summary>
public sealed record LoanListItem(
    Guid Id,
    string Reference,
    string ProductName,
    decimal Principal,
    decimal Balance,
    DateOnly? NextDueDate,
    decimal NextDueAmount,
    int DaysPastDue,
    LoanState State,
    string Currency);

/// <summary>One schedule row with what has been paid and what is owed on it today.</summary>
public sealed record ScheduleLine(
    int Number,
    DateOnly DueDate,
    decimal Principal,
    decimal Interest,
    decimal Fee,
    decimal Paid,
    decimal PenaltyInterest,
    decimal LateFee,
    decimal Owed,
    int DaysPastDue,
    InstalmentState State)
{
    public decimal Scheduled => Principal + Interest + Fee;
}

/// <summary>One payment on the loan's history, with how it was used.</summary>
public sealed record PaymentRecord(
    Guid Id,
    string Reference,
    PaymentKind Kind,
    PaymentStatus Status,
    decimal Amount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateOnly? ValueDate,
    decimal Principal,
    decimal Interest,
    decimal Fees,
    decimal Penalty,
    decimal Credit,
    string? FailureReason,
    PaymentGateway Gateway);

/// <summary>A loan as its borrower sees it today.</summary>
public sealed record LoanDetails
{
    public required Guid Id { get; init; }
    public required string Reference { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string ProductName { get; init; }
    public required string Currency { get; init; }
    public required LoanState State { get; init; }
    public required decimal Principal { get; init; }
    public required decimal PaidOut { get; init; }
    public required decimal RatePercent { get; init; }
    public required int Months { get; init; }
    public required RepaymentMethod Method { get; init; }
    public required DateOnly DisbursementDate { get; init; }
    public required DateOnly? ClosedOn { get; init; }
    public required DateOnly Today { get; init; }
    public required decimal Balance { get; init; }
    public required decimal Arrears { get; init; }
    public required decimal PenaltyInterest { get; init; }
    public required decimal LateFees { get; init; }
    public required decimal Credit { get; init; }
    public required int DaysPastDue { get; init; }
    public required LoanClassification Classification { get; init; }
    public required int GraceDays { get; init; }
    public required decimal PenaltyMarkupPercent { get; init; }
    public required ScheduleLine? Next { get; init; }
    public required IReadOnlyList<ScheduleLine> Schedule { get; init; }
    public required IReadOnlyList<PaymentRecord> Payments { get; init; }
}

public sealed class DailyRunRequest
{
    /// <summary>The lender's day to run for; empty = today.</summary>
    public DateOnly? Date { get; set; }
}

public sealed record DailyRunResult(
    DateOnly Date,
    int LoansReviewed,
    int Overdue,
    int NewlyOverdue,
    int RemindersSent,
    long ArrearsMinor,
    DateTimeOffset StartedAt,
    /// <summary>Empty while the run is going, or if it stopped without finishing (it is taken over after a lease).</summary>
    DateTimeOffset? FinishedAt,
    string RunBy);

/// <summary>The borrower's loans (server: over EF Core, filtered by the caller; browser: over HTTP).</summary>
public interface ILoansService
{
    Task<IReadOnlyList<LoanListItem>> MyLoansAsync(CancellationToken ct = default);
    Task<LoanDetails> LoanAsync(Guid id, CancellationToken ct = default);
    Task<PayoffQuote> PayoffAsync(Guid id, DateOnly? date, CancellationToken ct = default);
}

/// <summary>Loan operations' view of the daily run.</summary>
public interface IServicingService
{
    Task<DailyRunResult> RunAsync(DailyRunRequest request, CancellationToken ct = default);
    Task<IReadOnlyList<DailyRunResult>> RecentAsync(CancellationToken ct = default);
}
