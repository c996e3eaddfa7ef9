using Microsoft.AspNetCore.Identity;
using Portal.Server.Components.Account;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Infrastructure;
using Portal.Shared.Security;

namespace Portal.Server.Features.Staff;

/// <summary>
/// <c>dotnet Portal.Server.dll create-admin --email someone@lender.example [--name "Their Name"]</c>: the first
/// administrator of a new portal (or a way back in when no administrator can sign in). It prints a single-use set-up
/// link on <c>Portal:PublicBaseUrl</c>; the person chooses their password and authenticator there. A password is
/// never taken on the command line, where shell history and process lists would keep it.
/// </summary>
public static class AdminCommand
{
    public const string Name = "create-admin";

    private static readonly (string Id, string Name) Actor = ("system", "create-admin command");

    /// <summary>Runs the command; returns the process's exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Any(a => a.StartsWith('-') && a.TrimStart('-').StartsWith("password", StringComparison.OrdinalIgnoreCase)))
        {
            await error.WriteLineAsync("create-admin takes no password: the person chooses it through the set-up link it prints.");
            return 2;
        }
        var email = Option(args, "--email");
        var name = Option(args, "--name");
        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            await error.WriteLineAsync("Usage: dotnet Portal.Server.dll create-admin --email someone@lender.example [--name \"Their Name\"]");
            return 2;
        }
        email = email.Trim();

        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var users = sp.GetRequiredService<UserManager<PortalUser>>();
        var db = sp.GetRequiredService<PortalDbContext>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var user = await users.FindByEmailAsync(email);
        await using var tx = await db.Database.BeginTransactionAsync();
        if (user is null)
        {
            user = new PortalUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = string.IsNullOrWhiteSpace(name) ? email : name.Trim(),
                CreatedAt = now, StaffInvitedAt = now,
            };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRoleAsync(user, Roles.Administrator));
            db.Record(now, Actor, "CreateAdministrator", "User", user.Id, null, null, new { user.Email, user.DisplayName, Roles = new[] { Roles.Administrator } });
            await db.SaveChangesAsync();
            await output.WriteLineAsync($"Created the administrator {email}.");
        }
        else
        {
            // Someone who cannot get in any more (or an account that should become an administrator): made an
            // administrator, enabled, and set up afresh through the link — password and authenticator chosen again.
            var before = new { Roles = await users.GetRolesAsync(user), user.DisabledAt, HadPassword = user.PasswordHash is not null, user.TwoFactorEnabled };
            if (!await users.IsInRoleAsync(user, Roles.Administrator)) Check(await users.AddToRoleAsync(user, Roles.Administrator));
            if (!string.IsNullOrWhiteSpace(name)) user.DisplayName = name.Trim();
            user.DisabledAt = null;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            user.EmailConfirmed = true;
            user.StaffInvitedAt ??= now;
            user.AuthenticatorResetRequestedById = null;
            user.AuthenticatorResetRequestedAt = null;
            user.AuthenticatorResetReason = null;
            if (user.PasswordHash is not null) Check(await users.RemovePasswordAsync(user));
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
            Check(await users.UpdateAsync(user));
            await SessionStore.EndAllAsync(db, user.Id);
            db.Record(now, Actor, "CreateAdministrator", "User", user.Id, null, before,
                new { Roles = await users.GetRolesAsync(user), Existing = true });
            await db.SaveChangesAsync();
            await output.WriteLineAsync($"{email} already has an account: it is now an administrator, enabled, with its password, authenticator and sessions cleared; it sets them up again through this link.");
        }

        await tx.CommitAsync();
        var link = await StaffSetUp.LinkAsync(users, sp.GetRequiredService<PublicAddress>(), user);
        await output.WriteLineAsync("Give this set-up link to them (it works once, for 24 hours); they choose a password and set up an authenticator app:");
        await output.WriteLineAsync(link);
        return 0;
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], name, StringComparison.OrdinalIgnoreCase)) return i + 1 < args.Count ? args[i + 1] : null;
            if (args[i].StartsWith(name + "=", StringComparison.OrdinalIgnoreCase)) return args[i][(name.Length + 1)..];
        }
        return null;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
