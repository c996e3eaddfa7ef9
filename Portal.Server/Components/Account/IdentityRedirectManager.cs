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

    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalAddress(uri));

    /// <summary>
    /// Only ever a page of ours (no open redirects, and no failure on a strange address): an absolute address on our own
    /// host becomes its path; anything else that a browser could read as another site — "//evil.test", "/\evil.test",
    /// "https://evil.test", "javascript:…", control characters — goes home.
    /// </summary>
    private string LocalAddress(string? uri)
    {
        uri = uri?.Trim() ?? "";
        if (uri.Any(char.IsControl)) return "";
        // (On Linux "/loans" parses as an absolute file: URI; a leading slash is a path of ours, checked below.)
        if (!uri.StartsWith('/') && !uri.StartsWith('\\') && Uri.TryCreate(uri, UriKind.Absolute, out var absolute))
        {
            var home = new Uri(navigationManager.BaseUri);
            if (absolute.Scheme != home.Scheme || !string.Equals(absolute.Authority, home.Authority, StringComparison.OrdinalIgnoreCase)) return "";
            uri = absolute.PathAndQuery + absolute.Fragment;
        }
        if (uri.StartsWith('\\') || (uri.Length > 1 && uri[0] == '/' && uri[1] is '/' or '\\')) return "";
        return uri;
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
