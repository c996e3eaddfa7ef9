using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Shared.Features.Payments;

namespace Portal.Client.Features.Payments;

/// <summary>Payment words, and the colours their states show in.</summary>
public static class PaymentNames
{
    public static string Of(this IStringLocalizer l, PaymentStatus status) => l["PaymentStatus" + status];
    public static string Of(this IStringLocalizer l, PaymentKind kind) => l["PaymentKind" + kind];

    public static Color ColorOf(PaymentStatus status) => status switch
    {
        PaymentStatus.Succeeded => Color.Success,
        PaymentStatus.Failed => Color.Error,
        PaymentStatus.Pending => Color.Info,
        _ => Color.Default,
    };
}
