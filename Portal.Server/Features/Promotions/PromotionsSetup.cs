using Portal.Shared.Features.Promotions;

namespace Portal.Server.Features.Promotions;

/// <summary>Promotions: marketing's editing, the public pages, sign-ups, marketing email and consent, and the rules applications follow.</summary>
public static class PromotionsSetup
{
    public static IHostApplicationBuilder AddPromotions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<PromotionsService>();
        services.AddScoped<IPromotionsService>(sp => sp.GetRequiredService<PromotionsService>());
        services.AddScoped<IPromotionsAdminService, PromotionsAdminService>();
        services.AddScoped<PromotionRules>();
        services.AddScoped<MarketingConsent>();
        return builder;
    }
}
