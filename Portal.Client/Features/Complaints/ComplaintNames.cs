using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Shared.Features.Complaints;

namespace Portal.Client.Features.Complaints;

/// <summary>Complaint words, and the colours their states show in.</summary>
public static class ComplaintNames
{
    public static string Of(this IStringLocalizer l, ComplaintCategory category) => l["ComplaintCategory" + category];
    public static string Of(this IStringLocalizer l, ComplaintStatus status) => l["ComplaintStatus" + status];

    public static Color ColorOf(ComplaintStatus status, bool overdue) => overdue ? Color.Error : status switch
    {
        ComplaintStatus.Resolved => Color.Success,
        ComplaintStatus.Answered => Color.Info,
        ComplaintStatus.Open => Color.Warning,
        _ => Color.Default,
    };
}
