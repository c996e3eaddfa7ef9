using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Shared.Features.Loans;

namespace Portal.Client.Features.Loans;

/// <summary>Loan and payment words, and the colours their states show in.</summary>
public static class LoanNames
{
    public static string Of(this IStringLocalizer l, InstalmentState state) => l["Instalment" + state];
    public static string Of(this IStringLocalizer l, PaymentStatus status) => l["PaymentStatus" + status];
    public static string Of(this IStringLocalizer l, PaymentKind kind) => l["PaymentKind" + kind];
    public static string Of(this IStringLocalizer l, LoanState state) => l["LoanState" + state];
    public static string Of(this IStringLocalizer l, Portal.Shared.Lending.LoanClassification c) => l["Classification" + c];

    public static Color ColorOf(InstalmentState state) => state switch
    {
        InstalmentState.Paid or InstalmentState.Waived => Color.Success,
        InstalmentState.Overdue => Color.Error,
        InstalmentState.Due => Color.Warning,
        InstalmentState.PartPaid => Color.Info,
        _ => Color.Default,
    };

    public static Color ColorOf(PaymentStatus status) => status switch
    {
        PaymentStatus.Succeeded => Color.Success,
        PaymentStatus.Failed => Color.Error,
        PaymentStatus.Pending => Color.Info,
        _ => Color.Default,
    };
}
