using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Client.Features.Catalog;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Formatting;

namespace Portal.Client.Features.Promotions;

/// <summary>A promotion's words: what it gives, and its phase with the colour it shows in.</summary>
public static class PromotionNames
{
    public static string Of(this IStringLocalizer l, PromotionPhase phase) => l["PromoPhase" + phase];
    public static string Of(this IStringLocalizer l, PromotionKind kind) => l["PromoKind" + kind];

    /// <summary>"0.50 points off the rate", "No arrangement fee", "Gift: a tea set".</summary>
    public static string Benefit(this IStringLocalizer l, PromotionBenefit b) => b.Kind switch
    {
        PromotionKind.RateDiscount => string.Format(l["PromoBenefitRate"], (b.DiscountBasisPoints / 100m).ToString("0.00", System.Globalization.CultureInfo.CurrentCulture)),
        PromotionKind.FeeWaiver => string.Format(l["PromoBenefitFee"], l.FeeName(b.WaivedFeeCode ?? "")),
        _ => string.Format(l["PromoBenefitGift"], b.Gift),
    };

    public static Color ColorOf(PromotionPhase phase) => phase switch
    {
        PromotionPhase.Open => Color.Success,
        PromotionPhase.Scheduled => Color.Info,
        PromotionPhase.Closed or PromotionPhase.Ended => Color.Default,
        _ => Color.Warning,
    };

    public static string Window(PromotionView p) =>
        $"{Display.Date(DateOnly.FromDateTime(p.SignUpFrom.ToLocalTime().DateTime))} – {Display.Date(DateOnly.FromDateTime(p.SignUpUntil.ToLocalTime().DateTime))}";
}
