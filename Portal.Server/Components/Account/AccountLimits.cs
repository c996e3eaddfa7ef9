using Microsoft.AspNetCore.Identity;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Portal.Server.Data;

namespace Portal.Server.Components.Account;

/// <summary>How much the account forms allow (section "Security"); see the README's Configuration table.</summary>
public sealed class AccountLimitOptions
{
    /// <summary>Identity's lockout: failed passwords or second-factor codes of one account before it is locked.</summary>
    public int SignInFailuresPerAccount { get; set; } = 5;
    public int AccountLockoutMinutes { get; set; } = 15;

    /// <summary>
    /// Failed sign-ins (any account, either step) from one address within the window. Higher than one
    /// account's: an office of many people shares one address, and only failures count.
    /// </summary>
    public int SignInFailuresPerAddress { get; set; } = 30;
    public int SignInFailureWindowMinutes { get; set; } = 15;

    /// <summary>Registrations, password resets and resent confirmations (each sends an email) per address, and per email address they go to.</summary>
    public int AccountEmailsPerAddress { get; set; } = 20;
    public int AccountEmailsPerRecipient { get; set; } = 5;
    public int AccountEmailWindowMinutes { get; set; } = 60;

    /// <summary>"Ask a customer manager to contact me" requests from one address within the account emails' window.</summary>
    public int ContactRequestsPerAddress { get; set; } = 5;

    /// <summary>
    /// A session with no request for this long ends (<see cref="SessionStore"/>). Staff see every customer's data,
    /// so theirs is shorter; a customer filling in an application needs longer.
    /// </summary>
    public int CustomerIdleMinutes { get; set; } = 30;
    public int StaffIdleMinutes { get; set; } = 15;
}

public enum LimitScope { Account, Address, Recipient }

/// <summary>Why a form was refused and when it may be tried again.</summary>
public sealed record AttemptLimit(LimitScope Scope, DateTimeOffset Until, bool Emails = false);

/// <summary>
/// One counted attempt: a failed sign-in from an address, or an account email asked for (from an address, to a
/// recipient). Rows live in the database so every instance counts the same attempts; they are deleted once older
/// than their window.
/// </summary>
public class AccountAttempt
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Key { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class AccountAttemptConfiguration : IEntityTypeConfiguration<AccountAttempt>
{
    public void Configure(EntityTypeBuilder<AccountAttempt> b)
    {
        b.ToTable("AccountAttempts");
        b.Property(a => a.Kind).HasMaxLength(16);
        b.Property(a => a.Key).HasMaxLength(64);
        b.HasIndex(a => new { a.Kind, a.Key, a.At });
        b.HasIndex(a => a.At);
    }
}

/// <summary>
/// The limits of the account forms. Per account: Identity's lockout (<see cref="PortalUserManager"/>), in the
/// users table. Per address and per recipient: <see cref="AccountAttempt"/> rows. Successful sign-ins count
/// nowhere. Counts are read and written in the shared database, so they hold across instances; a burst arriving
/// at the same moment may pass the allowance by the requests in flight (checked, then counted), never by more.
/// </summary>
public sealed class AccountLimits(IServiceScopeFactory scopes, PortalDbContext db, TimeProvider clock, IOptions<AccountLimitOptions> options)
{
    private const string SignInFailure = "SignIn";
    private const string EmailFromAddress = "EmailFrom";
    private const string EmailToRecipient = "EmailTo";
    private const string NoAccountFailure = "NoAccount";
    private const string ContactRequest = "ContactMe";

    private AccountLimitOptions O => options.Value;
    private TimeSpan SignInWindow => TimeSpan.FromMinutes(O.SignInFailureWindowMinutes);
    private TimeSpan EmailWindow => TimeSpan.FromMinutes(O.AccountEmailWindowMinutes);
    private TimeSpan LockoutWindow => TimeSpan.FromMinutes(O.AccountLockoutMinutes);

    /// <summary>Whether sign-ins from this request's address are paused (too many failures from it lately).</summary>
    public Task<AttemptLimit?> AddressLimitAsync(HttpContext http) =>
        LimitAsync(SignInFailure, AddressKey(http.Connection.RemoteIpAddress), O.SignInFailuresPerAddress, SignInWindow, LimitScope.Address);

    /// <summary>A failed password or second-factor code from this request's address (the account's own count is Identity's).</summary>
    public Task RecordFailureAsync(HttpContext http) =>
        RecordAsync(SignInWindow, (SignInFailure, AddressKey(http.Connection.RemoteIpAddress)));

    /// <summary>
    /// A failed sign-in for an address with no account (or one not confirmed, whose password Identity does not check).
    /// Counted like an account's failures, by the address typed, so that such an address is "locked" after as many
    /// tries as a real account: otherwise the lock page itself would tell which addresses have accounts.
    /// </summary>
    public Task RecordNoAccountFailureAsync(HttpContext http, string email) =>
        RecordAsync(LockoutWindow, (SignInFailure, AddressKey(http.Connection.RemoteIpAddress)), (NoAccountFailure, RecipientKey(email)));

    /// <summary>Whether an address with no account is "locked" (<see cref="RecordNoAccountFailureAsync"/>).</summary>
    public Task<AttemptLimit?> NoAccountLimitAsync(string email) =>
        LimitAsync(NoAccountFailure, RecipientKey(email), O.SignInFailuresPerAccount, LockoutWindow, LimitScope.Account);

    /// <summary>Whether the account is locked (Identity's lockout, read from the database against the portal's clock).</summary>
    public async Task<AttemptLimit?> AccountLimitAsync(PortalUser user)
    {
        var now = clock.GetUtcNow();
        var end = await db.Users.AsNoTracking().Where(u => u.Id == user.Id && u.LockoutEnabled).Select(u => u.LockoutEnd).FirstOrDefaultAsync();
        return end is { } until && until >= now ? new AttemptLimit(LimitScope.Account, until) : null;
    }

    /// <summary>The lock a failure has just set (read back; its length if the read finds none).</summary>
    public async Task<AttemptLimit> AccountLockedAsync(PortalUser user) =>
        await AccountLimitAsync(user) ?? new AttemptLimit(LimitScope.Account, clock.GetUtcNow().AddMinutes(O.AccountLockoutMinutes));

    /// <summary>
    /// Takes one account email (registration, reset, confirmation) from the allowance of this request's address and of
    /// the address it goes to, or says why not. Counted whether or not the account exists, so a refusal tells nothing.
    /// </summary>
    public async Task<AttemptLimit?> TakeEmailAsync(HttpContext http, string email)
    {
        var from = AddressKey(http.Connection.RemoteIpAddress);
        var to = RecipientKey(email);
        var limit = await LimitAsync(EmailFromAddress, from, O.AccountEmailsPerAddress, EmailWindow, LimitScope.Address)
            ?? await LimitAsync(EmailToRecipient, to, O.AccountEmailsPerRecipient, EmailWindow, LimitScope.Recipient);
        if (limit is not null) return limit with { Emails = true };
        await RecordAsync(EmailWindow, (EmailFromAddress, from), (EmailToRecipient, to));
        return null;
    }

    /// <summary>Takes one visitor's request to be contacted from this address's allowance, or says until when it is spent.</summary>
    public async Task<AttemptLimit?> TakeContactRequestAsync(HttpContext http)
    {
        var from = AddressKey(http.Connection.RemoteIpAddress);
        if (await LimitAsync(ContactRequest, from, O.ContactRequestsPerAddress, EmailWindow, LimitScope.Address) is { } limit) return limit;
        await RecordAsync(EmailWindow, (ContactRequest, from));
        return null;
    }

    /// <summary>
    /// A password asked again of someone already signed in (to change it, to delete the account), held to the sign-in's
    /// limits so that a session left open cannot be used to guess it: a wrong one counts against the account and the
    /// address. Returns whether it was right, or the limit that now stands in the way.
    /// </summary>
    public async Task<(bool Correct, AttemptLimit? Limit)> RecheckPasswordAsync(HttpContext http, UserManager<PortalUser> users, PortalUser user, string password)
    {
        if ((await AddressLimitAsync(http) ?? await AccountLimitAsync(user)) is { } limited) return (false, limited);
        if (await users.CheckPasswordAsync(user, password)) return (true, null);
        await users.AccessFailedAsync(user);
        await RecordFailureAsync(http);
        return (false, await users.IsLockedOutAsync(user) ? await AccountLockedAsync(user) : null);
    }

    /// <summary>The refusal's status and when to come back; the page shows <c>TooManyAttempts</c> in place of its form.</summary>
    public void Refuse(HttpContext http, AttemptLimit limit)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, (limit.Until - clock.GetUtcNow()).TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>While the window holds as many attempts as the allowance, the key is limited until the oldest of the latest ones ages out.</summary>
    private async Task<AttemptLimit?> LimitAsync(string kind, string key, int allowance, TimeSpan window, LimitScope scope)
    {
        var since = clock.GetUtcNow() - window;
        var oldest = await db.Set<AccountAttempt>().AsNoTracking()
            .Where(a => a.Kind == kind && a.Key == key && a.At > since)
            .OrderByDescending(a => a.At).Skip(allowance - 1)
            .Select(a => (DateTimeOffset?)a.At).FirstOrDefaultAsync();
        return oldest is { } at ? new AttemptLimit(scope, at + window) : null;
    }

    /// <summary>In a context of its own: a page's unsaved changes or open transaction are never part of it.</summary>
    private async Task RecordAsync(TimeSpan window, params (string Kind, string Key)[] keys)
    {
        var now = clock.GetUtcNow();
        await using var s = scopes.CreateAsyncScope();
        var context = s.ServiceProvider.GetRequiredService<PortalDbContext>();
        foreach (var (kind, key) in keys) context.Add(new AccountAttempt { Kind = kind, Key = key, At = now });
        await context.SaveChangesAsync();
        var kinds = keys.Select(k => k.Kind).Distinct().ToArray();
        var expired = now - window;
        await context.Set<AccountAttempt>().Where(a => kinds.Contains(a.Kind) && a.At <= expired).ExecuteDeleteAsync();
    }

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64, which one subscriber usually holds whole (counting single
    /// addresses there would give each attacker 2^64 allowances). No address (a test server, a socket) is one key.
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null) return "none";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The email address hashed: the table needs to tell recipients apart, not to keep their addresses.</summary>
    private static string RecipientKey(string email) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));
}
