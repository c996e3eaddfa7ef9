using Microsoft.AspNetCore.Identity;

namespace Portal.Server.Data;

public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The culture the person chose; emails are written in it.</summary>
    public string PreferredCulture { get; set; } = "en";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>An approver's authority limit in minor units, set by administrators; null: may not approve.</summary>
    public long? ApprovalLimitMinor { get; set; }

    /// <summary>The team a member of staff belongs to (customer managers: the dashboard's "by team").</summary>
    public string? Team { get; set; }

    /// <summary>Whether the person wants promotions by email (opt-in); every change is kept in MarketingConsentChanges.</summary>
    /// <summary>The time step (30 s since 1970) of the last authenticator code accepted: each code opens one session only.</summary>
    public long? LastAuthenticatorStep { get; set; }

    public bool MarketingOptIn { get; set; }
    public DateTimeOffset? MarketingChangedAt { get; set; }

    /// <summary>When an administrator (or the create-admin command) invited the person as staff: invited accounts are
    /// listed among staff before they hold a role that works, and customers never are.</summary>
    public DateTimeOffset? StaffInvitedAt { get; set; }

    /// <summary>The start of the latest session (SessionStore), shown to administrators.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Set while an administrator has disabled the account (it is also locked out for good, so every sign-in step refuses it).</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>A pending four-eyes authenticator reset: who asked, when and why. Another administrator approves it.</summary>
    public string? AuthenticatorResetRequestedById { get; set; }
    public DateTimeOffset? AuthenticatorResetRequestedAt { get; set; }
    public string? AuthenticatorResetReason { get; set; }
}

public static class PortalUsers
{
    /// <summary>The people holding any of these roles.</summary>
    public static IQueryable<PortalUser> InRoles(this PortalDbContext db, IReadOnlyCollection<string> roles) =>
        db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
}
