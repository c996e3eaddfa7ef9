using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Portal.Server.Features.Payments;

/// <summary>What became of a checkout the portal tried to close.</summary>
public enum CheckoutClosing
{
    /// <summary>It can no longer be paid.</summary>
    Closed,
    /// <summary>The customer paid it (or a delayed payment method is under way): its webhook will say.</summary>
    Completed,
    /// <summary>Stripe did not answer.</summary>
    Unknown,
}

/// <summary>Stripe Checkout through Stripe.net: one Checkout Session per payment attempt, and verified webhook events.</summary>
public sealed class StripeGateway(IOptions<PaymentOptions> options, TimeProvider clock)
{
    private StripeSettings Settings => options.Value.Stripe;

    private StripeClient Client => new(Settings.SecretKey, apiBase: string.IsNullOrWhiteSpace(Settings.ApiBase) ? null : Settings.ApiBase);

    /// <summary>
    /// Creates the Checkout Session. The idempotency key is the payment attempt's id, so a retried request (a
    /// timeout, a double click that reaches us twice) returns the same session instead of a second one.
    /// </summary>
    public async Task<Session> CreateCheckoutAsync(Payment payment, string description, string successUrl, string cancelUrl, CancellationToken ct)
    {
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = payment.Id.ToString(),
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            Metadata = new Dictionary<string, string> { ["payment_id"] = payment.Id.ToString(), ["reference"] = payment.Reference },
            PaymentIntentData = new SessionPaymentIntentDataOptions
            {
                Metadata = new Dictionary<string, string> { ["payment_id"] = payment.Id.ToString() },
                Description = description,
            },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = payment.Currency.ToLowerInvariant(),
                        UnitAmount = payment.AmountMinor,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = description },
                    },
                },
            ],
        };
        return await new SessionService(Client).CreateAsync(create, new RequestOptions { IdempotencyKey = $"portal-payment-{payment.Id}" }, ct);
    }

    /// <summary>
    /// Closes a Checkout Session so it can no longer be paid. Stripe refuses one that is not open; then the session
    /// itself says whether it was closed before (expired) or completed (paid, or a delayed method under way).
    /// </summary>
    public async Task<CheckoutClosing> ExpireAsync(string sessionId, CancellationToken ct)
    {
        var sessions = new SessionService(Client);
        try
        {
            await sessions.ExpireAsync(sessionId, cancellationToken: ct);
            return CheckoutClosing.Closed;
        }
        catch (Exception e) when (e is StripeException or HttpRequestException)
        {
        }

        try
        {
            return (await sessions.GetAsync(sessionId, cancellationToken: ct)).Status switch
            {
                "expired" => CheckoutClosing.Closed,
                "complete" => CheckoutClosing.Completed,
                _ => CheckoutClosing.Unknown,
            };
        }
        catch (Exception e) when (e is StripeException or HttpRequestException)
        {
            return CheckoutClosing.Unknown;
        }
    }

    /// <summary>
    /// Verifies the Stripe-Signature header against the raw body (HMAC-SHA256 with the webhook secret) and the
    /// timestamp against our clock, then parses the event. Throws <see cref="StripeException"/> when either fails.
    /// </summary>
    public Event Verify(string body, string signature) =>
        EventUtility.ConstructEvent(body, signature, Settings.WebhookSecret, Settings.ToleranceSeconds,
            clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);

    /// <summary>The Stripe-Signature header Stripe would send for <paramref name="body"/> at <paramref name="at"/> (tests and tools).</summary>
    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={EventUtility.ComputeSignature(secret, timestamp, body)}";
    }
}
