using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Server.Data;
using Portal.Shared.Security;

namespace Portal.Server.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager, IStringLocalizer<AccountStrings> localizer)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Prevent open redirects: an absolute address of ours becomes relative; any other (another site, "//evil.test",
        // "/\\evil.test") goes home rather than failing.
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative) || uri.StartsWith("//", StringComparison.Ordinal) || uri.Contains('\\'))
        {
            uri = Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                && navigationManager.ToAbsoluteUri("").IsBaseOf(absolute) && !uri.StartsWith("//", StringComparison.Ordinal)
                ? navigationManager.ToBaseRelativePath(uri) : "";
        }

        navigationManager.NavigateTo(uri);
    }

    /// <summary>
    /// Where a completed sign-in goes: back to the page that asked for it, else staff to their home (what waits for
    /// them) and customers to the portal's front page.
    /// </summary>
    public async Task RedirectAfterSignInAsync(string? returnUrl, UserManager<PortalUser> users, PortalUser user)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl == "/" || returnUrl == "~/")
        {
            returnUrl = (await users.GetRolesAsync(user)).Any(Roles.Staff.Contains) ? "staff" : "";
        }
        RedirectTo(returnUrl);
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<PortalUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", AccountStatus.Error(localizer["InvalidUserText"]), context);
}
