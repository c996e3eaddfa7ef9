using Portal.Server.Infrastructure;
using Portal.Shared.Features.Collections;
using Portal.Shared.Security;

namespace Portal.Server.Features.Collections;

public static class CollectionsEndpoints
{
    public static IEndpointRouteBuilder MapCollectionsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/collections").WithTags("Collections").RequireCsrfHeader().RequireAuthorization(Permissions.WorkCollections);
        api.MapGet("/", async (int? minDays, string? after, ICollectionsService c, CancellationToken ct) => TypedResults.Ok(await c.QueueAsync(minDays, after, ct)))
            .WithSummary("Overdue loans, most days past due first, as of the last daily run");
        api.MapGet("/loans/{id:guid}", async (Guid id, ICollectionsService c, CancellationToken ct) => TypedResults.Ok(await c.LoanAsync(id, ct)))
            .WithSummary("A loan with its schedule, payments, contact log, promises and watch history");
        api.MapPost("/loans/{id:guid}/contacts", async (Guid id, AddContact body, ICollectionsService c, CancellationToken ct) => TypedResults.Ok(await c.AddContactAsync(id, body, ct)))
            .WithSummary("Log a contact, with a promise to pay if one was made");
        api.MapPost("/loans/{id:guid}/watch", async (Guid id, WatchLoan body, ICollectionsService c, CancellationToken ct) => TypedResults.Ok(await c.WatchAsync(id, body, ct)))
            .WithSummary("Put the loan on the watch list with a reason, or take it off");
        api.MapPost("/loans/{id:guid}/disposal", async (Guid id, RecordDisposal body, ICollectionsService c, CancellationToken ct) => TypedResults.Ok(await c.DisposeAsync(id, body, ct)))
            .WithSummary("Record a disposal action; calling in makes the remaining balance due. The customer is told.");
        return app;
    }
}
