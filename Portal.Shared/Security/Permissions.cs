using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Portal.Shared.Security;

/// <summary>
/// Authorization is by permission; a permission is granted by roles. The same table drives the
/// server's policies and the browser's decision to show an action, so the two never disagree.
/// </summary>
public static class Permissions
{
    public const string ApplyForLoans = "ApplyForLoans";
    public const string StaffArea = "StaffArea";
    /// <summary>Sees the work queue and the cases; what one may do to a case is a further permission.</summary>
    public const string WorkCases = "WorkCases";
    public const string ReviewApplications = "ReviewApplications";
    public const string AssessRisk = "AssessRisk";
    public const string ApproveApplications = "ApproveApplications";
    public const string DisburseLoans = "DisburseLoans";
    /// <summary>Runs the daily review on demand and sees its results.</summary>
    public const string RunServicing = "RunServicing";
    /// <summary>The collections queue: overdue loans, the contact log and promises to pay.</summary>
    public const string WorkCollections = "WorkCollections";
    /// <summary>Put a loan on the watch list and record disposal actions short of calling it in.</summary>
    public const string WatchLoans = "WatchLoans";
    /// <summary>Call a loan in early: the whole remaining balance falls due.</summary>
    public const string CallInLoans = "CallInLoans";
    public const string ManagePromotions = "ManagePromotions";
    /// <summary>The KPI dashboard: a customer manager sees their own figures, a supervisor everyone's.</summary>
    public const string ViewDashboard = "ViewDashboard";
    public const string ViewTeamDashboard = "ViewTeamDashboard";
    /// <summary>Takes, answers and resolves customers' complaints.</summary>
    public const string HandleComplaints = "HandleComplaints";
    public const string ManageProducts = "ManageProducts";
    public const string AssignWork = "AssignWork";
    public const string ReadAuditLog = "ReadAuditLog";
    public const string ManageStaff = "ManageStaff";
    /// <summary>Prospects (SPEC 2.9): customer managers their own and the unassigned, supervisors (who assign work) all.</summary>
    public const string WorkProspects = "WorkProspects";
    /// <summary>Defines screening criteria and screens prospects with them; sees no prospect's personal data by it.</summary>
    public const string ScreenProspects = "ScreenProspects";
    /// <summary>Sees the email outbox and sends a failed email again.</summary>
    public const string ReadEmailOutbox = "ReadEmailOutbox";

    public static readonly IReadOnlyDictionary<string, string[]> GrantedTo = new Dictionary<string, string[]>
    {
        [ApplyForLoans] = [Roles.Customer],
        [StaffArea] = [.. Roles.Staff],
        [WorkCases] = [Roles.CustomerManager, Roles.RiskOfficer, Roles.Approver, Roles.LoanOperations, Roles.Supervisor],
        [ReviewApplications] = [Roles.CustomerManager],
        [AssessRisk] = [Roles.RiskOfficer],
        [ApproveApplications] = [Roles.Approver],
        [DisburseLoans] = [Roles.LoanOperations],
        [RunServicing] = [Roles.LoanOperations],
        [WorkCollections] = [Roles.CustomerManager, Roles.RiskOfficer, Roles.Supervisor],
        [WatchLoans] = [Roles.CustomerManager, Roles.RiskOfficer, Roles.Supervisor],
        [CallInLoans] = [Roles.RiskOfficer, Roles.Supervisor],
        [ManagePromotions] = [Roles.Marketing],
        [HandleComplaints] = [Roles.CustomerManager, Roles.Supervisor],
        [ViewDashboard] = [Roles.CustomerManager, Roles.Supervisor],
        [ViewTeamDashboard] = [Roles.Supervisor],
        [ManageProducts] = [Roles.ProductManager],
        [AssignWork] = [Roles.Supervisor],
        [ReadAuditLog] = [Roles.Supervisor, Roles.Administrator],
        [ManageStaff] = [Roles.Administrator],
        [WorkProspects] = [Roles.CustomerManager, Roles.Supervisor],
        [ScreenProspects] = [Roles.Supervisor, Roles.ProductManager],
        [ReadEmailOutbox] = [Roles.Administrator, Roles.Supervisor],
    };

    /// <summary>Permissions that only staff hold: they also require a second factor at sign-in.</summary>
    public static bool IsStaffPermission(string permission) => permission != ApplyForLoans;

    /// <summary>The claim an authenticator-app sign-in carries ("amr" = "mfa").</summary>
    public const string MfaClaimType = "amr";
    public const string MfaClaimValue = "mfa";

    /// <summary>One policy per permission, named after it: the server and the browser register the same ones.</summary>
    public static void AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in GrantedTo.Keys)
            options.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireAssertion(c => Allows(c.User, permission)));
    }

    /// <summary>Whether this person holds the permission now. Staff permissions need a second-factor sign-in.</summary>
    public static bool Allows(ClaimsPrincipal user, string permission)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        if (!GrantedTo[permission].Any(user.IsInRole)) return false;
        return !IsStaffPermission(permission) || user.HasClaim(MfaClaimType, MfaClaimValue);
    }
}
