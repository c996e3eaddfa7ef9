using Microsoft.Extensions.Localization;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Client.Features.Catalog;

/// <summary>Words for the catalog's enums, from the resources.</summary>
public static class Names
{
    public static string Of(this IStringLocalizer l, ProductKind kind) => l["Kind" + kind];
    public static string Of(this IStringLocalizer l, RepaymentMethod method) => l["Method" + method];
    public static string Of(this IStringLocalizer l, FeeKind kind) => l["FeeKind" + kind];
    public static string Of(this IStringLocalizer l, RateRegime regime) => l["AprLabel" + regime];

    /// <summary>A fee code ("late-payment") in words when we know it, else as the product manager typed it.</summary>
    public static string FeeName(this IStringLocalizer l, string code)
    {
        var text = l["Fee-" + code];
        return text.ResourceNotFound ? code : text.Value;
    }
}
