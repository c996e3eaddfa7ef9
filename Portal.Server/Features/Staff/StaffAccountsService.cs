using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Components.Account;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Infrastructure;
using Portal.Server.Infrastructure.Email;
using Portal.Shared.Features.Staff;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Staff;

/// <summary>
/// Staff accounts over Identity's UserManager (the same validators, stamps and stores as the account pages). A change
/// that alters what someone may do — roles, disabling, a reset authenticator — changes their security stamp and ends
/// their sessions at once (SessionStore), so it never waits for a cookie to expire.
/// </summary>
public sealed class StaffAccountsService(
    PortalDbContext db, UserManager<PortalUser> users, ICurrentUser user, IdentityEmailSender email, PublicAddress links, TimeProvider clock)
    : IStaffAccountsService
{
    private DateTimeOffset Now => clock.GetUtcNow();
    private string Me => user.Id!;

    /// <summary>Staff: anyone holding a staff role, or invited as staff. A customer who is not staff is never here.</summary>
    private IQueryable<PortalUser> StaffAccounts =>
        db.Users.Where(u => u.StaffInvitedAt != null
            || db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && Roles.Staff.Contains(r.Name!))));

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        return await ViewsAsync(StaffAccounts, ct);
    }

    public async Task<StaffAccount> InviteAsync(InviteStaff request, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        DomainValidationException.ThrowIfInvalid([request]);
        var roles = StaffRoles(request.Roles);
        var address = request.Email.Trim();
        // An administrator may learn that an address has an account: they are not the enumerating public.
        if (await users.FindByEmailAsync(address) is not null) throw new ConflictException(SharedText.StaffEmailTaken);
        // UserManager saves at each step: one transaction, so there is never an account without its roles, audit or email.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var person = new PortalUser
        {
            UserName = address, Email = address, EmailConfirmed = true, DisplayName = request.Name.Trim(),
            Team = string.IsNullOrWhiteSpace(request.Team) ? null : request.Team.Trim(),
            // The invitation is written in the language the administrator works in; the person may switch later.
            PreferredCulture = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? "zh-Hans" : "en",
            CreatedAt = Now, StaffInvitedAt = Now,
        };
        Check(await users.CreateAsync(person));
        Check(await users.AddToRolesAsync(person, roles));
        db.Record(Now, await db.ActorAsync(user, ct), "InviteStaff", "User", person.Id, null, null,
            new { person.Email, person.DisplayName, person.Team, Roles = roles });
        // Saved with the invitation email (the sender saves the outbox row).
        await email.SendStaffInvitationAsync(person, await StaffSetUp.LinkAsync(users, links, person));
        await tx.CommitAsync(ct);
        return await ViewAsync(person.Id, ct);
    }

    public async Task<StaffAccount> ResendInvitationAsync(string userId, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        var person = await FindAsync(userId, ct);
        if (person.PasswordHash is not null) throw new ConflictException(SharedText.StaffAlreadySetUp);
        if (person.DisabledAt is not null) throw new ConflictException(SharedText.StaffAccountDisabled);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A new stamp: the link sent before stops working.
        Check(await users.UpdateSecurityStampAsync(person));
        db.Record(Now, await db.ActorAsync(user, ct), "ResendStaffInvitation", "User", person.Id, null, null, null);
        await email.SendStaffInvitationAsync(person, await StaffSetUp.LinkAsync(users, links, person));
        await tx.CommitAsync(ct);
        return await ViewAsync(person.Id, ct);
    }

    public async Task<StaffAccount> SetRolesAsync(string userId, SetStaffRoles request, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        DomainValidationException.ThrowIfInvalid([request]);
        var wanted = StaffRoles(request.Roles);
        var person = await FindAsync(userId, ct);
        var current = (await users.GetRolesAsync(person)).Where(Roles.Staff.Contains).ToList();
        if (person.Id == Me && current.Contains(Roles.Administrator) && !wanted.Contains(Roles.Administrator))
            throw new DomainValidationException(nameof(request.Roles), SharedText.StaffKeepOwnAdministrator);
        var taken = current.Except(wanted).ToList();
        var given = wanted.Except(current).ToList();
        if (taken.Count == 0 && given.Count == 0) return await ViewAsync(person.Id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (taken.Count > 0) Check(await users.RemoveFromRolesAsync(person, taken));
        if (given.Count > 0) Check(await users.AddToRolesAsync(person, given));
        // Roles travel in the session's sign-in: a new stamp ends their sessions, so a role taken away is gone at once
        // and a role given works from their next sign-in. (Changing one's own roles signs oneself out as well.)
        Check(await users.UpdateSecurityStampAsync(person));
        await SessionStore.EndAllAsync(db, person.Id);
        db.Record(Now, await db.ActorAsync(user, ct), "SetStaffRoles", "User", person.Id, null,
            new { Roles = current.Order().ToList() }, new { Roles = wanted.Order().ToList(), Given = given, Taken = taken });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(person.Id, ct);
    }

    public async Task<StaffAccount> DisableAsync(string userId, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        var person = await FindAsync(userId, ct);
        if (person.Id == Me) throw new ConflictException(SharedText.StaffCannotDisableSelf);
        if (person.DisabledAt is not null) return await ViewAsync(person.Id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await ((PortalUserManager)users).DisableAsync(person));
        db.Record(Now, await db.ActorAsync(user, ct), "DisableStaff", "User", person.Id, null, new { Disabled = false }, new { Disabled = true });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(person.Id, ct);
    }

    public async Task<StaffAccount> EnableAsync(string userId, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        var person = await FindAsync(userId, ct);
        if (person.DisabledAt is null) return await ViewAsync(person.Id, ct);
        person.DisabledAt = null;
        person.LockoutEnd = null;
        person.AccessFailedCount = 0;
        Check(await users.UpdateAsync(person));
        db.Record(Now, await db.ActorAsync(user, ct), "EnableStaff", "User", person.Id, null, new { Disabled = true }, new { Disabled = false });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(person.Id, ct);
    }

    public async Task<StaffAccount> RequestAuthenticatorResetAsync(string userId, RequestAuthenticatorReset request, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        DomainValidationException.ThrowIfInvalid([request]);
        var person = await FindAsync(userId, ct);
        if (person.Id == Me) throw new ConflictException(SharedText.StaffResetOwnAccount);
        if (person.PasswordHash is null) throw new ConflictException(SharedText.StaffResetNotSetUp);
        if (person.DisabledAt is not null) throw new ConflictException(SharedText.StaffAccountDisabled);
        if (person.AuthenticatorResetRequestedById is not null) throw new ConflictException(SharedText.StaffResetPending);
        person.AuthenticatorResetRequestedById = Me;
        person.AuthenticatorResetRequestedAt = Now;
        person.AuthenticatorResetReason = request.Reason.Trim();
        db.Record(Now, await db.ActorAsync(user, ct), "RequestAuthenticatorReset", "User", person.Id, null, null, new { Reason = person.AuthenticatorResetReason });
        await SaveAsync(ct);
        return await ViewAsync(person.Id, ct);
    }

    public async Task<StaffAccount> ApproveAuthenticatorResetAsync(string userId, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        var person = await FindAsync(userId, ct);
        if (person.AuthenticatorResetRequestedById is not { } requester) throw new ConflictException(SharedText.StaffResetNonePending);
        if (person.Id == Me) throw new ForbiddenException(SharedText.StaffResetOwnApproval);
        if (requester == Me) throw new ForbiddenException(SharedText.StaffResetOwnRequest);
        if (person.DisabledAt is not null) throw new ConflictException(SharedText.StaffAccountDisabled);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = new { RequestedBy = requester, person.AuthenticatorResetRequestedAt, Reason = person.AuthenticatorResetReason };
        person.AuthenticatorResetRequestedById = null;
        person.AuthenticatorResetRequestedAt = null;
        person.AuthenticatorResetReason = null;
        // A new key (and stamp: every session ends), no second factor until they enrol again, no recovery codes left.
        Check(await users.ResetAuthenticatorKeyAsync(person));
        Check(await users.SetTwoFactorEnabledAsync(person, false));
        Check(await users.RemoveAuthenticationTokenAsync(person, "[AspNetUserStore]", "RecoveryCodes"));
        await SessionStore.EndAllAsync(db, person.Id);
        db.Record(Now, await db.ActorAsync(user, ct), "ApproveAuthenticatorReset", "User", person.Id, null, request, new { Reset = true });
        await email.SendAuthenticatorResetAsync(person, await StaffSetUp.LinkAsync(users, links, person));
        await tx.CommitAsync(ct);
        return await ViewAsync(person.Id, ct);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Identity's concurrency stamp: another administrator (or the person) changed the account meanwhile.
            throw new ConflictException(SharedText.CaseLimitChanged);
        }
    }

    private static List<string> StaffRoles(IEnumerable<string> roles)
    {
        var list = roles.Distinct().ToList();
        if (list.Any(r => !Roles.Staff.Contains(r))) throw new DomainValidationException("Roles", SharedText.StaffUnknownRole);
        return list;
    }

    private async Task<PortalUser> FindAsync(string userId, CancellationToken ct) =>
        await StaffAccounts.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException(SharedText.StaffAccountUnknown);

    private async Task<StaffAccount> ViewAsync(string userId, CancellationToken ct) =>
        (await ViewsAsync(db.Users.Where(u => u.Id == userId), ct)).Single();

    private async Task<IReadOnlyList<StaffAccount>> ViewsAsync(IQueryable<PortalUser> accounts, CancellationToken ct)
    {
        var rows = await accounts.AsNoTracking()
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.Team, u.DisabledAt, HasPassword = u.PasswordHash != null, u.LastSignInAt,
                u.AuthenticatorResetRequestedById, u.AuthenticatorResetRequestedAt, u.AuthenticatorResetReason,
                RequestedByName = db.Users.Where(r => r.Id == u.AuthenticatorResetRequestedById).Select(r => r.DisplayName).FirstOrDefault(),
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new StaffAccount(r.Id, r.DisplayName, r.Email ?? "", [.. Roles.Staff.Where(r.Roles.Contains)], r.Team,
                r.DisabledAt is not null ? StaffAccountStatus.Disabled : r.HasPassword ? StaffAccountStatus.Active : StaffAccountStatus.Invited,
                r.LastSignInAt,
                r.AuthenticatorResetRequestedById is { } by
                    ? new PendingAuthenticatorReset(by, r.RequestedByName ?? by, r.AuthenticatorResetRequestedAt!.Value, r.AuthenticatorResetReason ?? "")
                    : null))
            .OrderBy(a => a.Name, StringComparer.CurrentCulture).ThenBy(a => a.Email, StringComparer.Ordinal)
            .ToList();
    }

    private static void Check(IdentityResult result)
    {
        if (result.Succeeded) return;
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))) throw new ConflictException(SharedText.CaseLimitChanged);
        throw new DomainValidationException("", string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
