using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Complaints;

public static class ComplaintsEndpoints
{
    public static IEndpointRouteBuilder MapComplaintsEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/complaints").WithTags("Complaints").RequireCsrfHeader().RequireAuthorization(Permissions.ApplyForLoans);
        mine.MapPost("/", async (NewComplaint body, IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.OpenAsync(body, ct)))
            .WithSummary("Open a complaint (category, description, optionally one of the caller's applications or loans)");
        mine.MapGet("/", async (IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.MineAsync(ct)))
            .WithSummary("The caller's complaints");
        mine.MapGet("/{id:guid}", async (Guid id, IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.GetMineAsync(id, ct)))
            .WithSummary("One of the caller's complaints, with its messages");
        mine.MapPost("/{id:guid}/messages", async (Guid id, ComplaintText body, IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.ReplyAsync(id, body, ct)))
            .WithSummary("Write back on a complaint that is not resolved");

        var staff = app.MapGroup("/api/staff/complaints").WithTags("Complaints").RequireCsrfHeader().RequireAuthorization(Permissions.HandleComplaints);
        staff.MapGet("/", async (ComplaintStatus? status, bool? overdue, bool? mine, IComplaintsService s, CancellationToken ct) =>
                TypedResults.Ok(await s.QueueAsync(status, overdue ?? false, mine ?? false, ct)))
            .WithSummary("Complaints not resolved (or of one status), soonest due first");
        staff.MapGet("/handlers", async (IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.HandlersAsync(ct)))
            .WithSummary("Staff who may be given a complaint");
        staff.MapGet("/{id:guid}", async (Guid id, IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct)))
            .WithSummary("A complaint with its messages");
        staff.MapPost("/{id:guid}/assign", async (Guid id, AssignComplaint body, IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.AssignAsync(id, body, ct)))
            .WithSummary("Take a complaint, or (supervisors) give it to someone");
        staff.MapPost("/{id:guid}/answer", async (Guid id, ComplaintText body, IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.AnswerAsync(id, body, ct)))
            .WithSummary("Answer the customer (they are told)");
        staff.MapPost("/{id:guid}/resolve", async (Guid id, ComplaintText body, IComplaintsService s, CancellationToken ct) => TypedResults.Ok(await s.ResolveAsync(id, body, ct)))
            .WithSummary("Resolve with the final answer (they are told)");
        return app;
    }
}
