using Portal.Server.Infrastructure;
using Portal.Shared.Features.Payments;
using Portal.Shared.Security;

namespace Portal.Server.Features.Payments;

public static class PaymentsEndpoints
{
    public static IEndpointRouteBuilder MapPaymentsEndpoints(this IEndpointRouteBuilder app)
    {
        var loans = app.MapGroup("/api/loans").WithTags("Payments").RequireCsrfHeader().RequireAuthorization(Permissions.ApplyForLoans);
        loans.MapPost("/{id:guid}/payments", async (Guid id, StartPayment request, IPaymentsService payments, CancellationToken ct) =>
                TypedResults.Ok(await payments.StartAsync(id, request, ct)))
            .WithSummary("Start a card payment: an instalment, an amount or the payoff; answers where to send the browser");

        var payments = app.MapGroup("/api/payments").WithTags("Payments").RequireCsrfHeader().RequireAuthorization(Permissions.ApplyForLoans);
        payments.MapGet("/{id:guid}", async (Guid id, PaymentsService service, CancellationToken ct) => TypedResults.Ok(await service.PaymentAsync(id, ct)))
            .WithSummary("A payment's state, for the return page");
        payments.MapPost("/{id:guid}/cancel", async (Guid id, IPaymentsService service, CancellationToken ct) => TypedResults.Ok(await service.CancelAsync(id, ct)))
            .WithSummary("Close a checkout the customer left, so it cannot be paid later");
        payments.MapPost("/test/{id:guid}/{outcome}", async (Guid id, TestOutcome outcome, PaymentsService service, CancellationToken ct) =>
                TypedResults.Ok(await service.CompleteTestAsync(id, outcome, ct)))
            .WithSummary("Test-mode gateway only: succeed, decline or cancel a payment");

        // Stripe calls this with no cookie and no CSRF header: the signature on the raw body is its authentication.
        app.MapPost("/api/payments/stripe/webhook", (HttpRequest request, StripeWebhook webhook, CancellationToken ct) => webhook.HandleAsync(request, ct))
            .AllowAnonymous().DisableAntiforgery().WithTags("Payments")
            .WithSummary("Stripe's signed webhook: posts confirmed payments exactly once");
        return app;
    }
}
