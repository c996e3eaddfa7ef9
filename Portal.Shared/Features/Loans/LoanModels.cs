using System.ComponentModel.DataAnnotations;
using Portal.Shared.Lending;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Loans;

public enum PaymentKind { Instalment, Amount, Payoff }

/// <summary>Where the money came from; Credit is money already held on the loan, applied when an instalment falls due.</summary>
public enum PaymentGateway { Test, Stripe, Credit }

public enum PaymentStatus { Pending, Succeeded, Failed, Cancelled }

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
public sealed record LoanDetails(
    Guid Id,
    string Reference,
    Guid ApplicationId,
    string ProductName,
    string Currency,
    LoanState State,
    decimal Principal,
    decimal PaidOut,
    decimal RatePercent,
    int Months,
    RepaymentMethod Method,
    DateOnly DisbursementDate,
    DateOnly? ClosedOn,
    DateOnly Today,
    decimal Balance,
    decimal Arrears,
    decimal PenaltyInterest,
    decimal LateFees,
    decimal Credit,
    int DaysPastDue,
    LoanClassification Classification,
    int GraceDays,
    decimal PenaltyMarkupPercent,
    ScheduleLine? Next,
    IReadOnlyList<ScheduleLine> Schedule,
    IReadOnlyList<PaymentRecord> Payments);

/// <summary>What the customer chose to pay. Amount only for <see cref="PaymentKind.Amount"/>, the instalment only for an instalment.</summary>
public sealed class StartPayment
{
    public PaymentKind Kind { get; set; }
    public int? InstalmentNumber { get; set; }

    [Range(typeof(decimal), "0.01", "100000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? Amount { get; set; }
}

/// <summary>A payment started: the browser goes to <see cref="CheckoutUrl"/> (Stripe's page or the test-mode gateway's).</summary>
public sealed record PaymentStarted(Guid PaymentId, string Reference, decimal Amount, string CheckoutUrl, PaymentGateway Gateway);

/// <summary>A payment's state, for the return page and the test-mode checkout.</summary>
public sealed record PaymentView(
    Guid Id,
    string Reference,
    Guid LoanId,
    string LoanReference,
    PaymentKind Kind,
    int? InstalmentNumber,
    decimal Amount,
    string Currency,
    PaymentStatus Status,
    PaymentGateway Gateway,
    string? FailureReason,
    bool ClosedLoan,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);

/// <summary>Why a payment did not go through: stored as a code, shown in the reader's language.</summary>
public static class PaymentFailure
{
    public const string Declined = "declined";
    public const string Expired = "expired";
    public const string GatewayUnavailable = "gateway-unavailable";

    public static string Describe(string? code) => code switch
    {
        null or "" => "",
        Declined => SharedText.PaymentDeclined,
        Expired => SharedText.PaymentExpired,
        GatewayUnavailable => SharedText.PaymentGatewayUnavailable,
        _ => code,
    };
}

/// <summary>The outcomes the test-mode gateway's page offers, as a card network would answer.</summary>
public enum TestOutcome { Succeed, Decline, Cancel }

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

/// <summary>Card payments: start one, follow it, and (test mode only) answer the checkout.</summary>
public interface IPaymentsService
{
    Task<PaymentStarted> StartAsync(Guid loanId, StartPayment request, CancellationToken ct = default);
    Task<PaymentView> PaymentAsync(Guid paymentId, CancellationToken ct = default);
    Task<PaymentView> CompleteTestAsync(Guid paymentId, TestOutcome outcome, CancellationToken ct = default);
    /// <summary>The customer left the checkout: it is closed so it cannot be paid later.</summary>
    Task<PaymentView> CancelAsync(Guid paymentId, CancellationToken ct = default);
}

/// <summary>Loan operations' view of the daily run.</summary>
public interface IServicingService
{
    Task<DailyRunResult> RunAsync(DailyRunRequest request, CancellationToken ct = default);
    Task<IReadOnlyList<DailyRunResult>> RecentAsync(CancellationToken ct = default);
}
