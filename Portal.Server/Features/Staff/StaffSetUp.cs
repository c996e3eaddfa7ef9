using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Server.Data;
using Portal.Server.Infrastructure;

namespace Portal.Server.Features.Staff;

/// <summary>
/// The single-use set-up link of a staff account (an invitation, or enrolling a new authenticator after a reset).
/// It is Identity's data-protection token, so it is bound to the account's security stamp and dies with it:
/// choosing the password, confirming it after a reset, a new link, disabling the account or a change of roles all
/// change the stamp, so a link works once. It also expires (Identity's token lifespan, a day).
/// </summary>
public static class StaffSetUp
{
    public const string Purpose = "StaffSetUp";

    public static async Task<string> LinkAsync(UserManager<PortalUser> users, PublicAddress links, PortalUser user)
    {
        var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, Purpose);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        return links.Link($"Account/SetUp?userId={Uri.EscapeDataString(user.Id)}&code={code}");
    }

    /// <summary>Whether the link's code is good for this account now (false for a malformed code too).</summary>
    public static async Task<bool> IsValidAsync(UserManager<PortalUser> users, PortalUser user, string? code)
    {
        if (string.IsNullOrEmpty(code) || user.DisabledAt is not null) return false;
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return false;
        }
        return await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, Purpose, token);
    }
}
