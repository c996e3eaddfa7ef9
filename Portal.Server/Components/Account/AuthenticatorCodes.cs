using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OtpNet;
using Portal.Server.Data;

namespace Portal.Server.Components.Account;

/// <summary>A time step whose authenticator code an account has already used.</summary>
public class AuthenticatorCodeUse
{
    public string UserId { get; set; } = "";
    public long Step { get; set; }
}

internal sealed class AuthenticatorCodeUseConfiguration : IEntityTypeConfiguration<AuthenticatorCodeUse>
{
    public void Configure(EntityTypeBuilder<AuthenticatorCodeUse> b)
    {
        b.ToTable("AuthenticatorCodeUses");
        b.HasKey(u => new { u.UserId, u.Step });
        b.HasOne<PortalUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Identity's authenticator check with each code accepted once per account (RFC 6238 §5.2, ASVS 2.8.4): Identity's
/// own would let a code seen over a shoulder or replayed from a proxy open a second session within its minute.
/// The time step a code belongs to is claimed by one INSERT … ON CONFLICT DO NOTHING, so of two requests with the
/// same code, at any instances, exactly one gets in. Time is the portal's clock.
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

        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"AuthenticatorCodeUses\" (\"UserId\", \"Step\") VALUES ({user.Id}, {step}) ON CONFLICT DO NOTHING");
        if (claimed != 1) return false;
        // Steps outside the window can never match again: nothing to remember them for.
        await db.Set<AuthenticatorCodeUse>().Where(u => u.UserId == user.Id && u.Step < step - 2).ExecuteDeleteAsync();
        return true;
    }
}
