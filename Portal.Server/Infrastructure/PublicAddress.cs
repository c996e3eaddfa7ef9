using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Portal.Server.Infrastructure;

/// <summary>
/// The address that links leaving the portal (emails) are built on: <c>Portal:PublicBaseUrl</c>, never the
/// request's Host header, which a caller controls. Outside Development that setting is required at start.
/// </summary>
/// <remarks>
/// In Development it may be unset, and then links point at the address this process listens on (the launch
/// profile's http://localhost:5080, or whatever <c>--urls</c> named; a wildcard host becomes localhost). Not the
/// request's address: the notification mailer writes its emails in the background, with no request to ask, and
/// every email should link the same way. A developer who reaches the portal at another address (a container's
/// forwarded port) sets <c>Portal:PublicBaseUrl</c>, as production does.
/// </remarks>
public sealed class PublicAddress(IOptions<PortalOptions> options, IServer? server = null)
{
    /// <summary>What Development links to before the server has reported its addresses (the README's address).</summary>
    public const string DevelopmentDefault = "http://localhost:5080/";

    /// <summary>The base, ending in "/".</summary>
    public Uri BaseUri => Configured(options.Value.PublicBaseUrl)
        ?? Listening(server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        ?? new Uri(DevelopmentDefault);

    /// <summary>An absolute link to a path of the portal ("notifications", "Account/ResetPassword?code=…").</summary>
    public string Link(string pathAndQuery) => new Uri(BaseUri, pathAndQuery.TrimStart('/')).AbsoluteUri;

    private static Uri? Configured(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? WithSlash(uri) : null;

    /// <summary>The first address the server listens on (the first of <c>--urls</c>), as a browser would reach it.</summary>
    public static Uri? Listening(IEnumerable<string> addresses)
    {
        var parsed = addresses
            .Select(a => Uri.TryCreate(a.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var u) ? u : null)
            .OfType<Uri>()
            .FirstOrDefault();
        if (parsed is null) return null;
        var builder = new UriBuilder(parsed);
        // 0.0.0.0 and [::] are where to listen, not where to go.
        if (System.Net.IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip)
            && (ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any)))
            builder.Host = "localhost";
        return WithSlash(builder.Uri);
    }

    private static Uri WithSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
}
