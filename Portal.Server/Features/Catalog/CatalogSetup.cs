using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Server.Data;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Features.Catalog;

public sealed class DisclosureOptions
{
    public RateRegime Regime { get; set; } = RateRegime.CN;
    public string Currency { get; set; } = "CNY";

    /// <summary>The deployment's scorecard (from the "Scorecard" section), handed out with every product.</summary>
    public ScorecardWeights Scorecard { get; set; } = ScorecardWeights.Default;
}

/// <summary>
/// The "Scorecard" section: any part left out keeps the default. (Lists are read whole: a configured
/// band list replaces the default one rather than adding to it.)
/// </summary>
public sealed class ScorecardOptions
{
    public RatioBandOption[]? PaymentToIncome { get; set; }
    public RatioBandOption[]? DebtToIncome { get; set; }
    public YearsBandOption[]? History { get; set; }
    public RatioBandOption[]? AmountToAnnualIncome { get; set; }
    public Dictionary<IndustryRisk, int>? Industry { get; set; }
    public int? NoIndustry { get; set; }
    public int[]? GradeFloors { get; set; }
    public decimal? MaxDebtToIncome { get; set; }

    public sealed class RatioBandOption { public decimal UpTo { get; set; } public int Points { get; set; } }
    public sealed class YearsBandOption { public int AtLeast { get; set; } public int Points { get; set; } }

    public ScorecardWeights ToWeights()
    {
        var d = ScorecardWeights.Default;
        return new ScorecardWeights
        {
            PaymentToIncome = PaymentToIncome?.Select(b => new RatioBand(b.UpTo, b.Points)).ToList() ?? d.PaymentToIncome,
            DebtToIncome = DebtToIncome?.Select(b => new RatioBand(b.UpTo, b.Points)).ToList() ?? d.DebtToIncome,
            History = History?.OrderByDescending(b => b.AtLeast).Select(b => new YearsBand(b.AtLeast, b.Points)).ToList() ?? d.History,
            AmountToAnnualIncome = AmountToAnnualIncome?.Select(b => new RatioBand(b.UpTo, b.Points)).ToList() ?? d.AmountToAnnualIncome,
            Industry = Industry ?? d.Industry,
            NoIndustry = NoIndustry ?? d.NoIndustry,
            GradeFloors = GradeFloors ?? d.GradeFloors,
            MaxDebtToIncome = MaxDebtToIncome ?? d.MaxDebtToIncome,
        };
    }
}

/// <summary>The catalog: products and their versions, priced from memory for visitors, edited by product managers.</summary>
public static class CatalogSetup
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DisclosureOptions>(builder.Configuration.GetSection("Disclosure"));
        services.PostConfigure<DisclosureOptions>(o => o.Scorecard = builder.Configuration.GetSection("Scorecard").Get<ScorecardOptions>()?.ToWeights() ?? o.Scorecard);
        services.AddMemoryCache();
        services.AddOutputCache(o => o.AddPolicy(PublicPages.Policy, new PublicPages()));
        services.AddScoped<ICatalogService, CatalogService>();
        return builder;
    }
}
