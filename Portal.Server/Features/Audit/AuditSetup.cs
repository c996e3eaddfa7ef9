using Portal.Shared.Features.Audit;

namespace Portal.Server.Features.Audit;

/// <summary>The append-only audit log and its staff view.</summary>
public static class AuditSetup
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IAuditService, AuditService>();
        return builder;
    }
}
