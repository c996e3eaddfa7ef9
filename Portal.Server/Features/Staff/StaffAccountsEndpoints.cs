using Portal.Server.Infrastructure;
using Portal.Shared.Features.Staff;
using Portal.Shared.Security;

namespace Portal.Server.Features.Staff;

/// <summary>Administrators' staff accounts. The group admits ManageStaff; the service checks it again and owns the rules (not oneself, four eyes).</summary>
public static class StaffAccountsEndpoints
{
    public static IEndpointRouteBuilder MapStaffAccountsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/accounts").WithTags("Staff accounts").RequireCsrfHeader()
            .RequireAuthorization(Permissions.ManageStaff);

        api.MapGet("/", async (IStaffAccountsService staff, CancellationToken ct) => TypedResults.Ok(await staff.ListAsync(ct)))
            .WithSummary("Staff accounts: roles, status, last sign-in, a pending authenticator reset");
        api.MapPost("/", async (InviteStaff request, IStaffAccountsService staff, CancellationToken ct) => TypedResults.Ok(await staff.InviteAsync(request, ct)))
            .WithSummary("Invite a member of staff: they set their password and authenticator through an emailed single-use link");
        api.MapPost("/{userId}/invitation", async (string userId, IStaffAccountsService staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.ResendInvitationAsync(userId, ct)))
            .WithSummary("Send a new set-up link to someone who has not set up yet");
        api.MapPut("/{userId}/roles", async (string userId, SetStaffRoles request, IStaffAccountsService staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.SetRolesAsync(userId, request, ct)))
            .WithSummary("Give and take away roles; the person's sessions end at once");
        api.MapPost("/{userId}/disable", async (string userId, IStaffAccountsService staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.DisableAsync(userId, ct)))
            .WithSummary("Disable an account: its sessions end at once and it cannot sign in");
        api.MapPost("/{userId}/enable", async (string userId, IStaffAccountsService staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.EnableAsync(userId, ct)))
            .WithSummary("Enable a disabled account again");
        api.MapPost("/{userId}/authenticator-reset", async (string userId, RequestAuthenticatorReset request, IStaffAccountsService staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.RequestAuthenticatorResetAsync(userId, request, ct)))
            .WithSummary("Ask for a lost authenticator to be reset (another administrator approves)");
        api.MapPost("/{userId}/authenticator-reset/approve", async (string userId, IStaffAccountsService staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.ApproveAuthenticatorResetAsync(userId, ct)))
            .WithSummary("Approve another administrator's authenticator reset: the key is reset and the person enrols again");
        return app;
    }
}
