using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Shared.Security;

namespace Portal.Server.Components.Account;

/// <summary>
/// One signed-in browser. The sign-in cookie holds only this row's key; the sign-in itself (claims, expiry) is
/// kept here, so a session can be ended on the server: at sign-out, when the password changes, when an account
/// is disabled, or when it has been idle too long. A copied cookie is worth nothing once its row is gone.
/// </summary>
public class UserSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";

    /// <summary>Staff sessions have the shorter idle limit (Security:StaffIdleMinutes).</summary>
    public bool Staff { get; set; }

    /// <summary>The account's security stamp when the session began: Identity changes it with the password,
    /// the email, the authenticator and when an account is disabled, and every other session then ends.</summary>
    public string? SecurityStamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public byte[] Ticket { get; set; } = [];
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("UserSessions");
        b.Property(s => s.Id).HasMaxLength(64);
        b.Property(s => s.SecurityStamp).HasMaxLength(256);
        b.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.LastSeenAt);
    }
}

/// <summary>
/// The cookie handler's session store, in the shared database so every instance sees a session end at once.
/// Each request reads its session (one indexed lookup, with the account's current security stamp); the last-seen
/// time is written at most once a minute.
/// </summary>
public sealed class SessionStore(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AccountLimitOptions> options, IOptions<IdentityOptions> identity) : ITicketStore
{
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);

    private TimeSpan IdleLimit(bool staff) => TimeSpan.FromMinutes(staff ? options.Value.StaffIdleMinutes : options.Value.CustomerIdleMinutes);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            Id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = now,
        };
        Fill(session, ticket, now);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Add(session);
        await db.SaveChangesAsync();
        // Administrators see each staff account's last sign-in; a session begins with one.
        await db.Users.Where(u => u.Id == session.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignInAt, now));
        // Sessions nobody came back to: gone once past the longer idle limit (a sign-in is rare enough to pay for it).
        var abandoned = now - IdleLimit(staff: false) - IdleLimit(staff: true);
        await db.Set<UserSession>().Where(s => s.LastSeenAt < abandoned).ExecuteDeleteAsync();
        return session.Id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await db.Set<UserSession>().FindAsync(key) is not { } session) return;
        Fill(session, ticket, clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Left anonymous without reading the database:
    /// <list type="bullet">
    /// <item>the build's static files (scripts, styles, images): they need nobody's sign-in, a first visit makes dozens
    /// of them, and they are not the person's activity;</item>
    /// <item>the error page, shown after an exception: when the database is what failed, reading the session again
    /// would fail the error page too, and the answer would be a bare 500 instead of "try again shortly" (503).</item>
    /// </list>
    /// </summary>
    public Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        httpContext.GetEndpoint()?.Metadata.GetMetadata<StaticFile>() is not null
        || httpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null
            ? Task.FromResult<AuthenticationTicket?>(null)
            : RetrieveAsync(key);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var found = await db.Set<UserSession>().AsNoTracking().Where(s => s.Id == key)
            .Select(s => new { s.Ticket, s.Staff, s.LastSeenAt, s.SecurityStamp, Account = db.Users.Where(u => u.Id == s.UserId).Select(u => u.SecurityStamp).FirstOrDefault() })
            .FirstOrDefaultAsync();
        if (found is null) return null;
        var now = clock.GetUtcNow();
        if (now - found.LastSeenAt > IdleLimit(found.Staff))
        {
            await db.Set<UserSession>().Where(s => s.Id == key).ExecuteDeleteAsync();
            return null;
        }
        // Not deleted: the request that changed the stamp may be about to renew this very session with the new one
        // (a password change keeps the session it was made in) while another request of it arrives. No other request
        // can renew it; the row goes with the abandoned ones.
        if (found.SecurityStamp != found.Account) return null;
        if (now - found.LastSeenAt >= SeenResolution)
            await db.Set<UserSession>().Where(s => s.Id == key).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now));
        return TicketSerializer.Default.Deserialize(found.Ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<UserSession>().Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    private void Fill(UserSession session, AuthenticationTicket ticket, DateTimeOffset now)
    {
        // Signing in again over a session (as someone else, even) renews its row rather than storing a new one.
        session.UserId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? session.UserId;
        session.Ticket = TicketSerializer.Default.Serialize(ticket);
        session.Staff = Roles.Staff.Any(ticket.Principal.IsInRole);
        session.SecurityStamp = ticket.Principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        session.LastSeenAt = now;
    }

    /// <summary>Ends every session of an account at once (an administrator disabled it).</summary>
    public static Task EndAllAsync(PortalDbContext db, string userId) =>
        db.Set<UserSession>().Where(s => s.UserId == userId).ExecuteDeleteAsync();
}

/// <summary>Marks the endpoints of the build's static files (Setup's MapStaticAssets), which <see cref="SessionStore"/> leaves anonymous.</summary>
public sealed class StaticFile
{
    public static readonly StaticFile Marker = new();
}
