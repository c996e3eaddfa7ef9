using Portal.Server.Features.Payments;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Loans;
using Portal.Shared.Security;

namespace Portal.Server.Features.Loans;

public static class LoansEndpoints
{
    public static IEndpointRouteBuilder MapLoansEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/loans").WithTags("Loans").RequireCsrfHeader().RequireAuthorization(Permissions.ApplyForLoans);
        mine.MapGet("/", async (LoansService loans, CancellationToken ct) => TypedResults.Ok(await loans.MyLoansAsync(ct)))
            .WithSummary("The caller's loans, active first");
        mine.MapGet("/{id:guid}", async (Guid id, LoansService loans, CancellationToken ct) => TypedResults.Ok(await loans.LoanAsync(id, ct)))
            .WithSummary("A loan today: balance, schedule with paid / due / overdue, payments");
        mine.MapGet("/{id:guid}/payoff", async (Guid id, DateOnly? date, LoansService loans, CancellationToken ct) =>
                TypedResults.Ok(await loans.PayoffAsync(id, date, ct)))
            .WithSummary("The amount that settles the loan on a date (today when omitted)");
        mine.MapGet("/{id:guid}/statement.csv", async (Guid id, LoansService loans, CancellationToken ct) =>
            {
                var (reference, rows) = await loans.StatementAsync(id, ct);
                return TypedResults.File(LoansService.Csv(rows), "text/csv; charset=utf-8", $"{reference}-statement.csv");
            })
            .WithSummary("The statement as CSV");
        mine.MapGet("/{id:guid}/statement.pdf", async (Guid id, LoansService loans, CancellationToken ct) =>
            {
                var (reference, rows) = await loans.StatementAsync(id, ct);
                return TypedResults.File(LoansService.Pdf(rows), "application/pdf", $"{reference}-statement.pdf");
            })
            .WithSummary("The statement as PDF");
        mine.MapPost("/{id:guid}/payments", async (Guid id, StartPayment request, IPaymentsService payments, CancellationToken ct) =>
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

        var operations = app.MapGroup("/api/staff/servicing").WithTags("Servicing").RequireCsrfHeader().RequireAuthorization(Permissions.RunServicing);
        operations.MapPost("/daily-run", async (DailyRunRequest request, IServicingService runs, CancellationToken ct) => TypedResults.Ok(await runs.RunAsync(request, ct)))
            .WithSummary("Run the daily review for a day (today, or a later repeat of the last day run)");
        operations.MapGet("/daily-runs", async (IServicingService runs, CancellationToken ct) => TypedResults.Ok(await runs.RecentAsync(ct)))
            .WithSummary("The latest daily runs");
        return app;
    }
}
