using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Shared.Features.Prospects;

namespace Portal.Client.Features.Prospects;

/// <summary>The words for the prospects' states and kinds, from Strings.resx.</summary>
public static class ProspectNames
{
    public static string Of(this IStringLocalizer l, ProspectSource source) => l["ProspectSource" + source];
    public static string Of(this IStringLocalizer l, ProspectStage stage) => l["ProspectStage" + stage];
    public static string Of(this IStringLocalizer l, ScreeningResult result) => l["Screening" + result];
    public static string Of(this IStringLocalizer l, ScreeningReason reason) => l["ScreeningReason" + reason];
    public static string Of(this IStringLocalizer l, Sector sector) => l["Sector" + sector];
    public static string Of(this IStringLocalizer l, ConsentBasis basis) => l["ConsentBasis" + basis];
    public static string Of(this IStringLocalizer l, ProspectChannel channel) => l["ProspectChannel" + channel];
    public static string Of(this IStringLocalizer l, ProspectOutcome outcome) => l["ProspectOutcome" + outcome];
    public static string Of(this IStringLocalizer l, ContactStop stop) => l["ContactStop" + stop];

    public static Color ColorOf(ScreeningResult result) => result switch
    {
        ScreeningResult.Target => Color.Success,
        ScreeningResult.NotNow => Color.Warning,
        ScreeningResult.Excluded => Color.Error,
        _ => Color.Default,
    };
}
