using Portal.Shared.Features.Dashboard;

namespace Portal.Server.Features.Dashboard;

/// <summary>The supervisors' dashboard over applications, loans, promotions and managers.</summary>
public static class DashboardSetup
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IDashboardService, DashboardService>();
        return builder;
    }
}
