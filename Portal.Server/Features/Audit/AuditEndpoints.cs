using Microsoft.AspNetCore.Mvc;
using Portal.Server.Data;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Audit;
using Portal.Shared.Security;

namespace Portal.Server.Features.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/staff/audit").WithTags("Audit").RequireCsrfHeader().RequireAuthorization(Permissions.ReadAuditLog)
            .MapGet("/", async ([AsParameters] AuditQueryParameters q, IAuditService audit, CancellationToken ct) =>
                TypedResults.Ok(await audit.ReadAsync(new AuditQuery
                {
                    From = q.From, To = q.To, Actor = q.Actor, Action = q.Action, Reference = q.Reference, Before = q.Before, PageSize = q.PageSize ?? 50,
                }, ct)))
            .WithSummary("The audit log, newest first, with filters");
        return app;
    }

    public sealed record AuditQueryParameters(
        [FromQuery] DateOnly? From, [FromQuery] DateOnly? To, [FromQuery] string? Actor, [FromQuery] string? Action,
        [FromQuery] string? Reference, [FromQuery] long? Before, [FromQuery] int? PageSize);
}
