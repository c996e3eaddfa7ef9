using Portal.Shared.Features.Prospects;

namespace Portal.Server.Features.Prospects;

/// <summary>Customer development (SPEC 2.9): prospects, screening and contact.</summary>
public static class ProspectsSetup
{
    public static IHostApplicationBuilder AddProspects(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IProspectsService, ProspectsService>();
        builder.Services.AddScoped<IScreeningService, ScreeningService>();
        return builder;
    }
}
