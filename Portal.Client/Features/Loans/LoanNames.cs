using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Shared.Features.Loans;

namespace Portal.Client.Features.Loans;

/// <summary>Loan words, and the colours their states show in.</summary>
public static class LoanNames
{
    public static string Of(this IStringLocalizer l, InstalmentState state) => l["Instalment" + state];
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
}
