using Portal.Shared.Features.Staff;

namespace Portal.Server.Features.Staff;

/// <summary>Staff accounts: invitations, roles, disabling, authenticator resets.</summary>
public static class StaffAccountsSetup
{
    public static IHostApplicationBuilder AddStaffAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IStaffAccountsService, StaffAccountsService>();
        return builder;
    }
}
