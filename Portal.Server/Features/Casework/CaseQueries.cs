using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Features.Casework;

/// <summary>The queries the queue and the case share.</summary>
internal static class CaseQueries
{
    /// <summary>
    /// The applications staff may see: submitted ones, never their own — whatever their roles, nobody reads the internal
    /// notes of, or acts for the lender on, their own application (for them it is not there).
    /// </summary>
    public static IQueryable<LoanApplication> CasesFor(this PortalDbContext db, string staffId) =>
        db.Applications.Where(a => a.State != ApplicationState.Draft && a.CustomerId != staffId);

    /// <summary>The highest approver's limit: above it an amount needs two approvals.</summary>
    public static async Task<decimal> HighestApprovalLimitAsync(this PortalDbContext db, CancellationToken ct)
    {
        var highest = await (from u in db.Users
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where r.Name == Roles.Approver && u.ApprovalLimitMinor != null
                             select u.ApprovalLimitMinor).MaxAsync(ct);
        return highest is { } h ? Money.FromMinor(h) : 0m;
    }

    /// <summary>The staff who work cases, with their roles and approval limits, by name.</summary>
    public static async Task<IReadOnlyList<StaffMember>> CaseWorkersAsync(this PortalDbContext db, CancellationToken ct)
    {
        var staffRoles = Permissions.GrantedTo[Permissions.WorkCases];
        var rows = await (
            from u in db.Users
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where staffRoles.Contains(r.Name!)
            select new { u.Id, u.DisplayName, Role = r.Name!, u.ApprovalLimitMinor }).ToListAsync(ct);
        return rows.GroupBy(r => r.Id)
            .Select(g => new StaffMember(g.Key, g.First().DisplayName, g.Select(r => r.Role).Order().ToList(),
                g.First().ApprovalLimitMinor is { } l ? Money.FromMinor(l) : null))
            .OrderBy(s => s.Name).ToList();
    }
}
