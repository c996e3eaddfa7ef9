namespace Portal.Shared.Features.Staff;

/// <summary>
/// Administrators' staff accounts (SPEC section 1): invite, roles, disable, and the four-eyes authenticator reset.
/// Every change is audited; a change of roles or a disabled account ends that person's sessions at once.
/// </summary>
public interface IStaffAccountsService
{
    /// <summary>Accounts holding a staff role or invited as staff; never customers.</summary>
    Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct = default);

    /// <summary>Creates the account (no password) and emails a single-use set-up link.</summary>
    Task<StaffAccount> InviteAsync(InviteStaff request, CancellationToken ct = default);

    /// <summary>A new set-up link for someone who has not set up yet (the old one stops working).</summary>
    Task<StaffAccount> ResendInvitationAsync(string userId, CancellationToken ct = default);

    Task<StaffAccount> SetRolesAsync(string userId, SetStaffRoles request, CancellationToken ct = default);
    Task<StaffAccount> DisableAsync(string userId, CancellationToken ct = default);
    Task<StaffAccount> EnableAsync(string userId, CancellationToken ct = default);

    /// <summary>The first pair of eyes: asks for a lost authenticator to be reset, with the reason.</summary>
    Task<StaffAccount> RequestAuthenticatorResetAsync(string userId, RequestAuthenticatorReset request, CancellationToken ct = default);

    /// <summary>The second: another administrator resets it, and the person gets a link to enrol a new one.</summary>
    Task<StaffAccount> ApproveAuthenticatorResetAsync(string userId, CancellationToken ct = default);
}
