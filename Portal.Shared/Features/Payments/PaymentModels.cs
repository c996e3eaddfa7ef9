using System.ComponentModel.DataAnnotations;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Payments;

public enum PaymentKind { Instalment, Amount, Payoff }

/// <summary>Where the money came from; Credit is money already held on the loan, applied when an instalment falls due.</summary>
public enum PaymentGateway { Test, Stripe, Credit }

public enum PaymentStatus { Pending, Succeeded, Failed, Cancelled }

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

/// <summary>Card payments: start one, follow it, and (test mode only) answer the checkout.</summary>
public interface IPaymentsService
{
    Task<PaymentStarted> StartAsync(Guid loanId, StartPayment request, CancellationToken ct = default);
    Task<PaymentView> PaymentAsync(Guid paymentId, CancellationToken ct = default);
    Task<PaymentView> CompleteTestAsync(Guid paymentId, TestOutcome outcome, CancellationToken ct = default);
    /// <summary>The customer left the checkout: it is closed so it cannot be paid later.</summary>
    Task<PaymentView> CancelAsync(Guid paymentId, CancellationToken ct = default);
}
