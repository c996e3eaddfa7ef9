using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Documents;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Promotions;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Documents;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Casework;

public sealed class CaseworkOptions
{
    /// <summary>How long a customer has to accept and sign an offer.</summary>
    public int OfferValidDays { get; set; } = 30;

    /// <summary>How often expired offers are looked for.</summary>
    public double ExpiryCheckMinutes { get; set; } = 15;

    /// <summary>Off only where the caller expires offers itself, at the moment it chooses (the integration tests).</summary>
    public bool ExpireInBackground { get; set; } = true;
}

/// <summary>Staff handling of applications: the queue, the case, the decisions, and offers that expire.</summary>
public static class CaseworkSetup
{
    public static IHostApplicationBuilder AddCasework(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CaseworkOptions>().Bind(builder.Configuration.GetSection("Casework"))
            .Validate(o => o is { OfferValidDays: >= 1, ExpiryCheckMinutes: > 0 }, "Casework:OfferValidDays must be at least 1 and Casework:ExpiryCheckMinutes more than 0.")
            .ValidateOnStart();
        services.AddScoped<CaseViews>();
        services.AddScoped<CaseworkService>();
        services.AddScoped<ICaseworkService>(sp => sp.GetRequiredService<CaseworkService>());
        services.AddScoped<WorkQueueService>();
        services.AddScoped<IWorkQueueService>(sp => sp.GetRequiredService<WorkQueueService>());
        services.AddSingleton<OfferExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<OfferExpiry>());
        return builder;
    }
}
