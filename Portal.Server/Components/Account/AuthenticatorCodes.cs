using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Portal.Server.Data;

namespace Portal.Server.Components.Account;

/// <summary>
/// Identity's authenticator check with each code accepted once per account (RFC 6238 §5.2, ASVS 2.8.4): Identity's
/// own would let a code seen over a shoulder or replayed from a proxy open a second session within its minute.
/// The account remembers the time step of the last code it accepted and takes only later ones, claimed by one
/// conditional UPDATE, so of two requests with the same code, at any instances, exactly one gets in. Time is the
/// portal's clock.
/// </summary>
public sealed class AuthenticatorCodes(PortalDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<PortalUser>
{
    /// <summary>One step either side of now: a phone's clock a little off, or a code typed as it changed.</summary>
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The app on the person's phone makes the codes, never the portal.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;
        if (!new Totp(Base32Encoding.ToBytes(key)).VerifyTotp(clock.GetUtcNow().UtcDateTime, token, out var step, Window)) return false;

        // A new concurrency stamp too: a copy of the account loaded before this (another request's) can then not
        // write the older step back when Identity saves it.
        var stamp = Guid.NewGuid().ToString();
        var claimed = await db.Users.Where(u => u.Id == user.Id && (u.LastAuthenticatorStep == null || u.LastAuthenticatorStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastAuthenticatorStep, step).SetProperty(u => u.ConcurrencyStamp, stamp));
        if (claimed != 1) return false;
        // This request's copy is as the database now is, so Identity's next save of it (a reset failure count) goes through.
        var entry = db.Entry(user);
        entry.Property(u => u.LastAuthenticatorStep).OriginalValue = entry.Property(u => u.LastAuthenticatorStep).CurrentValue = step;
        entry.Property(u => u.ConcurrencyStamp).OriginalValue = entry.Property(u => u.ConcurrencyStamp).CurrentValue = stamp;
        return true;
    }
}
