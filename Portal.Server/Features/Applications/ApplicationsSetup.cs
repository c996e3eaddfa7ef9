using Portal.Shared.Features.Applications;

namespace Portal.Server.Features.Applications;

/// <summary>A customer's applications: the wizard, the offer, the contract.</summary>
public static class ApplicationsSetup
{
    public static IHostApplicationBuilder AddApplications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ApplicationsService>();
        services.AddScoped<IApplicationsService>(sp => sp.GetRequiredService<ApplicationsService>());
        services.AddScoped<ContractWriter>();
        services.AddScoped<NationalIds>();
        services.AddScoped<ApplicationTerms>();
        return builder;
    }
}
