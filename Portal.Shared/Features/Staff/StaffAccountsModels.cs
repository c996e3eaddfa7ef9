using System.ComponentModel.DataAnnotations;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Staff;

public enum StaffAccountStatus
{
    /// <summary>Invited: has not chosen a password yet.</summary>
    Invited,
    Active,
    Disabled,
}

/// <summary>A pending authenticator reset: who asked, when and why; another administrator approves it.</summary>
public sealed record PendingAuthenticatorReset(string RequestedById, string RequestedByName, DateTimeOffset RequestedAt, string Reason);

public sealed record StaffAccount(
    string Id, string Name, string Email, IReadOnlyList<string> Roles, string? Team, StaffAccountStatus Status,
    DateTimeOffset? LastSignInAt, PendingAuthenticatorReset? PendingReset);

public sealed class InviteStaff
{
    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [EmailAddress(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValEmail))]
    [StringLength(256, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Email { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Name { get; set; } = "";

    [MinLength(1, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.StaffRolesRequired))]
    public List<string> Roles { get; set; } = [];

    [StringLength(50, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Team { get; set; }
}

public sealed class SetStaffRoles
{
    [MinLength(1, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.StaffRolesRequired))]
    public List<string> Roles { get; set; } = [];
}

public sealed class RequestAuthenticatorReset
{
    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(500, MinimumLength = 5, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Reason { get; set; } = "";
}
