using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;

namespace Portal.Server.Components.Account;

/// <summary>
/// Identity's user manager with its lockout made fit for several instances and for the portal's clock:
/// <list type="bullet">
/// <item>A failure is counted by one UPDATE in the database. Identity reads the count, adds one and writes it back
/// under a concurrency stamp, so of several failures arriving at once (at several instances) only one counted.</item>
/// <item>Whether an account is locked is read against <see cref="TimeProvider"/>, as every other time in the portal
/// (Identity reads the machine's clock).</item>
/// </list>
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators, IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<PortalUser>> logger,
    PortalDbContext db, TimeProvider clock)
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

    public override async Task<bool> IsLockedOutAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ThrowIfDisposed();
        return await GetLockoutEnabledAsync(user) && await GetLockoutEndDateAsync(user) is { } end && end >= clock.GetUtcNow();
    }
}
