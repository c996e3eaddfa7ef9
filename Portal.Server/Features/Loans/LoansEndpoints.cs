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
        var operations = app.MapGroup("/api/staff/servicing").WithTags("Servicing").RequireCsrfHeader().RequireAuthorization(Permissions.RunServicing);
        operations.MapPost("/daily-run", async (DailyRunRequest request, IServicingService runs, CancellationToken ct) => TypedResults.Ok(await runs.RunAsync(request, ct)))
            .WithSummary("Run the daily review for a day (today, or a later repeat of the last day run)");
        operations.MapGet("/daily-runs", async (IServicingService runs, CancellationToken ct) => TypedResults.Ok(await runs.RecentAsync(ct)))
            .WithSummary("The latest daily runs");
        return app;
    }
}
