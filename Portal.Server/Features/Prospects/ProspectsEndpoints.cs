using Portal.Server.Components.Account;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Prospects;
using Portal.Shared.Security;

namespace Portal.Server.Features.Prospects;

public static class ProspectsEndpoints
{
    public static IEndpointRouteBuilder MapProspectsEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous: counted per address in the database (every instance counts the same requests).
        app.MapGroup("/api/prospects").WithTags("Prospects").RequireCsrfHeader()
            .MapPost("/contact-me", async Task<IResult> (ContactMeRequest body, IProspectsService s, AccountLimits limits, HttpContext http, CancellationToken ct) =>
            {
                if (await limits.TakeContactRequestAsync(http) is { } limit)
                {
                    limits.Refuse(http, limit);
                    return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: Portal.Shared.Resources.SharedText.ProspectTooManyRequests);
                }
                await s.AskToBeContactedAsync(body, ct);
                return TypedResults.NoContent();
            })
            .AllowAnonymous()
            .WithSummary("A visitor asks a customer manager to contact them (with consent; limited per address)");

        var staff = app.MapGroup("/api/staff/prospects").WithTags("Prospects").RequireCsrfHeader().RequireAuthorization(Permissions.StaffArea);
        staff.MapGet("/", async ([AsParameters] ProspectQuery q, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(q, ct)))
            .WithSummary("Prospects the caller may see, filtered and sorted, a page at a time (keyset cursor)");
        staff.MapGet("/today", async (IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.TodayAsync(ct)))
            .WithSummary("The caller's follow-ups due today and overdue, and the prospects newly given to them");
        staff.MapGet("/owners", async (IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.OwnersAsync(ct)))
            .WithSummary("Customer managers who may own prospects, with their team");
        staff.MapGet("/regions", async (IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.RegionsAsync(ct)))
            .WithSummary("The regions prospects are in");
        staff.MapPost("/matches", async (ProspectEdit body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.MatchesAsync(body, ct)))
            .WithSummary("Prospects an entry would duplicate (same phone, email or registration number)");
        staff.MapPost("/", async (ProspectEdit body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.CreateAsync(body, ct)))
            .WithSummary("Enter a prospect (a customer manager's own find is theirs)");
        staff.MapPost("/assign-targets", async (AssignTargets body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.AssignTargetsAsync(body, ct)))
            .WithSummary("Give the unassigned targets to a team's customer managers, in turn or by region");
        staff.MapGet("/{id:guid}", async (Guid id, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct)))
            .WithSummary("A prospect with its contacts and history");
        staff.MapPut("/{id:guid}", async (Guid id, ProspectEdit body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.UpdateAsync(id, body, ct)))
            .WithSummary("Correct a prospect's details");
        staff.MapPost("/{id:guid}/assign", async (Guid id, AssignProspect body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.AssignAsync(id, body, ct)))
            .WithSummary("Take a prospect, or (supervisors) give it to a customer manager");
        staff.MapPost("/{id:guid}/contacts", async (Guid id, LogContact body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.LogContactAsync(id, body, ct)))
            .WithSummary("Log a contact: channel, outcome, next step");
        staff.MapPost("/{id:guid}/stop", async (Guid id, StopContact body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.StopContactAsync(id, body, ct)))
            .WithSummary("Do not contact, or consent withdrawn: every contact path stops");
        staff.MapPost("/{id:guid}/resume", async (Guid id, ResumeContact body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.ResumeContactAsync(id, body, ct)))
            .WithSummary("Allow contact again (the person asked, and staff checked with them)");
        staff.MapPost("/{id:guid}/merge", async (Guid id, MergeProspects body, IProspectsService s, CancellationToken ct) => TypedResults.Ok(await s.MergeAsync(id, body, ct)))
            .WithSummary("Merge another prospect into this one");

        var screening = app.MapGroup("/api/staff/screening").WithTags("Prospects").RequireCsrfHeader().RequireAuthorization(Permissions.StaffArea);
        screening.MapGet("/", async (IScreeningService s, CancellationToken ct) => TypedResults.Ok(await s.CriteriaAsync(ct)))
            .WithSummary("The screening criteria");
        screening.MapPost("/", async (ScreeningCriteriaEdit body, IScreeningService s, CancellationToken ct) => TypedResults.Ok(await s.SaveCriteriaAsync(null, body, ct)))
            .WithSummary("New screening criteria");
        screening.MapPut("/{id:int}", async (int id, ScreeningCriteriaEdit body, IScreeningService s, CancellationToken ct) => TypedResults.Ok(await s.SaveCriteriaAsync(id, body, ct)))
            .WithSummary("Change screening criteria");
        screening.MapPost("/run", async (RunScreening body, IScreeningService s, CancellationToken ct) => TypedResults.Ok(await s.ScreenAsync(body, ct)))
            .WithSummary("Screen the prospects not contacted yet: target, not now (with the reason) or excluded");
        return app;
    }
}
