using System.Net;
using System.Text.RegularExpressions;
using OtpNet;

namespace Portal.Server.Tests.Infrastructure;

/// <summary>
/// Drives the static (server-rendered) account forms as a browser without script would:
/// read the form's hidden fields (handler name, antiforgery token), fill in, post.
/// </summary>
public static partial class Forms
{
    public const string DemoPassword = "Portal-demo-2026";
    public const string StaffKey = "PORTALDEMOSTAFFAUTHENTICATORKEYA";

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, IDictionary<string, string> fields)
    {
        var page = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var values = HiddenInputs(html);
        foreach (var (k, v) in fields) values[k] = v;
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    public static Dictionary<string, string> HiddenInputs(string html)
    {
        var values = new Dictionary<string, string>();
        foreach (Match m in HiddenInput().Matches(html))
            values[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        return values;
    }

    /// <summary>Signs in through the real forms, with the authenticator step when the account has one.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password = DemoPassword, string? totpKey = StaffKey)
    {
        var response = await client.SubmitAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {email} did not redirect: {response.StatusCode}");
        var location = response.Headers.Location!.ToString();
        if (!location.Contains("LoginWith2fa", StringComparison.OrdinalIgnoreCase)) return;

        Assert.NotNull(totpKey);
        var code = PortalFactory.Of(client)?.FreshCode(email, totpKey) ?? new Totp(Base32Encoding.ToBytes(totpKey)).ComputeTotp();
        var second = await client.SubmitAsync(location, new Dictionary<string, string> { ["Input.TwoFactorCode"] = code });
        Assert.True(second.StatusCode == HttpStatusCode.Redirect, $"Second factor of {email} was refused: {second.StatusCode}");
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
