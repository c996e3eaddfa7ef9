using Portal.Shared.Features.Loans;
using Stripe.Checkout;
using Stripe;
using Portal.Shared.Features.Payments;

namespace Portal.Server.Features.Payments;

/// <summary><c>Payments:*</c>. With both Stripe keys set, card payments go through Stripe Checkout.</summary>
public sealed class PaymentOptions
{
    public StripeSettings Stripe { get; set; } = new();

    /// <summary>
    /// The test-mode gateway (a local checkout page with succeed / decline / cancel) when Stripe is not configured.
    /// Off unless set: a live portal without Stripe keys must not accept make-believe payments.
    /// </summary>
    public bool TestGateway { get; set; }

    public bool UsesStripe => !string.IsNullOrWhiteSpace(Stripe.SecretKey) && !string.IsNullOrWhiteSpace(Stripe.WebhookSecret);

    public bool UsesTestGateway => !UsesStripe && TestGateway;
}

public sealed class StripeSettings
{
    public string? SecretKey { get; set; }
    public string? WebhookSecret { get; set; }
    /// <summary>Stripe's API address; tests point it at a local server that speaks Stripe's API.</summary>
    public string? ApiBase { get; set; }
    /// <summary>How old a webhook's signature timestamp may be, in seconds (Stripe's default tolerance).</summary>
    public long ToleranceSeconds { get; set; } = 300;
}

/// <summary>Card payments through Stripe (or the test gateway), confirmed only by Stripe's signed webhooks, and their posting to loans.</summary>
public static class PaymentsSetup
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        var production = builder.Environment.IsProduction();
        var services = builder.Services;
        services.AddOptions<PaymentOptions>().Bind(builder.Configuration.GetSection("Payments"))
            .Validate(o => !(o.TestGateway && production),
                "Payments:TestGateway must not be on in Production: anyone could mark their own payments paid. Set the Stripe keys instead.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Stripe.SecretKey) == string.IsNullOrWhiteSpace(o.Stripe.WebhookSecret),
                "Set both Payments:Stripe:SecretKey and Payments:Stripe:WebhookSecret, or neither: without the webhook secret no payment could be confirmed.")
            .ValidateOnStart();
        services.AddScoped<PaymentPosting>();
        services.AddScoped<PaymentsService>();
        services.AddScoped<IPaymentsService>(sp => sp.GetRequiredService<PaymentsService>());
        services.AddScoped<StripeGateway>();
        services.AddScoped<StripeWebhook>();
        return builder;
    }
}
