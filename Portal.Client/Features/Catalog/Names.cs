using Microsoft.Extensions.Localization;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;

namespace Portal.Client.Features.Catalog;

/// <summary>Words for the catalog's enums, from the resources.</summary>
public static class Names
{
    public static string Of(this IStringLocalizer l, ProductKind kind) => l["Kind" + kind];
    public static string Of(this IStringLocalizer l, RepaymentMethod method) => l["Method" + method];
    public static string Of(this IStringLocalizer l, FeeKind kind) => l["FeeKind" + kind];
    public static string Of(this IStringLocalizer l, RateRegime regime) => l["AprLabel" + regime];
    public static string Of(this IStringLocalizer l, EarlyRepaymentCap cap) => l["EarlyRepaymentCap_" + cap];

    /// <summary>How much a fee is, as the product states it: "1.00% of the amount (at most ¥1,000.00)", "¥30.00 per instalment".</summary>
    public static string FeeTerms(this IStringLocalizer l, Fee fee, Func<decimal, string> money)
    {
        var parts = new List<string>();
        if (fee.FixedAmount > 0) parts.Add(money(fee.FixedAmount));
        if (fee.PercentOfPrincipal > 0)
            parts.Add(string.Format(fee.Kind == FeeKind.EarlyRepayment ? l["PercentOfRepaid"] : l["PercentOfPrincipal"], Display.Percent(fee.PercentOfPrincipal)));
        var text = string.Join(" + ", parts);
        if (fee.CapAmount is { } cap) text += " " + string.Format(l["CappedAt"], money(cap));
        return fee.Kind switch
        {
            FeeKind.PerInstalment => string.Format(l["PerInstalment"], text),
            FeeKind.Late => string.Format(l["PerMissedInstalment"], text),
            _ => text,
        };
    }

    /// <summary>When a fee is charged: its kind, and for an upfront fee whether it is withheld from the payout.</summary>
    public static string FeeWhen(this IStringLocalizer l, Fee fee) =>
        l.Of(fee.Kind) + (fee.Kind == FeeKind.Upfront ? $" ({(fee.DeductedFromPayout ? l["DeductedFromPayout"] : l["PaidAtDrawdown"])})" : "");

    /// <summary>A fee code ("late-payment") in words when we know it, else as the product manager typed it.</summary>
    public static string FeeName(this IStringLocalizer l, string code)
    {
        var text = l["Fee-" + code];
        return text.ResourceNotFound ? code : text.Value;
    }
}
