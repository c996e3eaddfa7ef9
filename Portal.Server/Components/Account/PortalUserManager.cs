using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Infrastructure.Email;

namespace Portal.Server.Components.Account;

/// <summary>
/// Identity's user manager with its lockout made fit for several instances and for the portal's clock:
/// <list type="bullet">
/// <item>A failure is counted by one UPDATE in the database. Identity reads the count, adds one and writes it back
/// under a concurrency stamp, so of several failures arriving at once (at several instances) only one counted.</item>
/// <item>Whether an account is locked is read against <see cref="TimeProvider"/>, as every other time in the portal
/// (Identity reads the machine's clock).</item>
/// <item>A changed password or email address is told to the account's address, whichever page or person changed it.
/// (Identity also changes the security stamp then, which ends every other session: <see cref="SessionStore"/>.)</item>
/// </list>
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators, IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<PortalUser>> logger,
    PortalDbContext db, TimeProvider clock, IEmailSender<PortalUser> mail)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ThrowIfDisposed();
        var max = Options.Lockout.MaxFailedAccessAttempts;
        DateTimeOffset? until = clock.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan);
        // As Identity does it: the failure that reaches the allowance locks the account and starts the count again.
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= max ? until : u.LockoutEnd)
            .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1 >= max ? 0 : u.AccessFailedCount + 1));
        await db.Entry(user).ReloadAsync();
        if (await IsLockedOutAsync(user)) Logger.LogWarning("User {UserId} is locked out.", user.Id);
        return IdentityResult.Success;
    }

    private IdentityEmailSender Mail => (IdentityEmailSender)mail;

    public override async Task<IdentityResult> ChangePasswordAsync(PortalUser user, string currentPassword, string newPassword) =>
        await Told(await base.ChangePasswordAsync(user, currentPassword, newPassword), () => Mail.SendPasswordChangedAsync(user));

    public override async Task<IdentityResult> ResetPasswordAsync(PortalUser user, string token, string newPassword) =>
        await Told(await base.ResetPasswordAsync(user, token, newPassword), () => Mail.SendPasswordChangedAsync(user));

    public override async Task<IdentityResult> AddPasswordAsync(PortalUser user, string password) =>
        await Told(await base.AddPasswordAsync(user, password), () => user.Email is null ? Task.CompletedTask : Mail.SendPasswordChangedAsync(user));

    public override async Task<IdentityResult> ChangeEmailAsync(PortalUser user, string newEmail, string token)
    {
        var old = user.Email;
        return await Told(await base.ChangeEmailAsync(user, newEmail, token),
            () => old is null || string.Equals(old, newEmail, StringComparison.OrdinalIgnoreCase) ? Task.CompletedTask : Mail.SendEmailChangedAsync(user, old, newEmail));
    }

    /// <summary>An administrator's "disable": no sign-in from now on, and every session of the account ends at once.</summary>
    public async Task<IdentityResult> DisableAsync(PortalUser user)
    {
        user.DisabledAt ??= clock.GetUtcNow();
        // Locked out for good as well, so every sign-in step (password, second factor, recovery code) refuses it.
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        var saved = await UpdateSecurityStampAsync(user);
        if (saved.Succeeded) await SessionStore.EndAllAsync(db, user.Id);
        return saved;
    }

    /// <summary>A new key's codes start afresh: a code of its first minute may share a time step with the old key's last.</summary>
    public override Task<IdentityResult> ResetAuthenticatorKeyAsync(PortalUser user)
    {
        user.LastAuthenticatorStep = null;
        return base.ResetAuthenticatorKeyAsync(user);
    }

    private static async Task<IdentityResult> Told(IdentityResult result, Func<Task> tell)
    {
        if (result.Succeeded) await tell();
        return result;
    }

    public override async Task<bool> IsLockedOutAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ThrowIfDisposed();
        return await GetLockoutEnabledAsync(user) && await GetLockoutEndDateAsync(user) is { } end && end >= clock.GetUtcNow();
    }
}
