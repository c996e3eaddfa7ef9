using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using Portal.Server.Tests.Infrastructure;

namespace Portal.Server.Tests.Identity;

[Collection(nameof(PortalCollection))]
public sealed partial class AccountTests(PortalFactory app)
{
    private static Dictionary<string, string> Registration(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    private async Task<MimeMessage?> LatestMailToAsync(string email)
    {
        await app.DeliverMailAsync();
        return LatestMailTo(email);
    }

    private MimeMessage? LatestMailTo(string email) =>
        Directory.Exists(app.MailFolder)
            ? Directory.GetFiles(app.MailFolder, "*.eml").Order().Select(f => MimeMessage.Load(f))
                .LastOrDefault(m => m.To.Mailboxes.Any(x => x.Address == email))
            : null;

    [Fact]
    public async Task New_customer_registers_confirms_the_email_and_signs_in()
    {
        const string email = "new.customer@test.portal";
        var client = app.CreateBrowserlessClient();

        var registered = await client.SubmitAsync("/Account/Register", Registration(email, "a long enough passphrase"));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        // Not confirmed yet: signing in is refused.
        await client.SubmitAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "a long enough passphrase" });
        Assert.DoesNotContain("Account/Logout", await client.GetStringAsync("/"));

        var mail = await LatestMailToAsync(email);
        Assert.NotNull(mail);
        var link = ConfirmLink().Match(mail.TextBody ?? "").Value;
        Assert.False(string.IsNullOrEmpty(link), "The email has no confirmation link.");
        var confirmed = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.True(confirmed.IsSuccessStatusCode || confirmed.StatusCode == HttpStatusCode.Redirect, $"Confirmation answered {confirmed.StatusCode}");

        await client.SignInAsync(email, "a long enough passphrase", totpKey: null);
        var home = await client.GetStringAsync("/");
        Assert.Contains("Account/Logout", home);
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused()
    {
        var client = app.CreateBrowserlessClient();
        var response = await client.SubmitAsync("/Account/Register", Registration("short.password@test.portal", "short-pw1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("12", await response.Content.ReadAsStringAsync());
        Assert.Null(await LatestMailToAsync("short.password@test.portal"));
    }

    [Fact]
    public async Task Staff_sign_in_asks_for_the_authenticator_code()
    {
        var client = app.CreateBrowserlessClient();
        var response = await client.SubmitAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = "supervisor@demo.portal",
            ["Input.Password"] = Forms.DemoPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("LoginWith2fa", response.Headers.Location!.ToString());

        var wrong = await client.SubmitAsync(response.Headers.Location!.ToString(), new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
    }

    [Fact]
    public async Task Account_is_locked_after_five_wrong_passwords()
    {
        var email = await app.CreateUserAsync(Portal.Shared.Security.Roles.Customer);
        var client = app.CreateBrowserlessClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await client.SubmitAsync("/Account/Login", new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = i < 5 ? "wrong password " + i : Forms.DemoPassword,
            })).StatusCode);
        // The fifth failure locks the account; then even the right password waits.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Signing_in_with_an_unknown_email_says_nothing_about_which_part_was_wrong()
    {
        var client = app.CreateBrowserlessClient();
        var response = await client.SubmitAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = "nobody@test.portal",
            ["Input.Password"] = "whatever password",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("nobody@test.portal does not exist", html);
    }

    [Fact]
    public async Task Reset_links_use_the_configured_address_whatever_host_the_request_names()
    {
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.Host = "evil.example";
        var response = await client.SubmitAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = "customer@demo.portal" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var mail = await LatestMailToAsync("customer@demo.portal");
        Assert.NotNull(mail);
        Assert.Contains(PortalFactory.PublicBaseUrl + "Account/ResetPassword", mail.TextBody);
        Assert.DoesNotContain("evil.example", mail.TextBody + mail.HtmlBody);
    }

    [GeneratedRegex(@"https?://\S+ConfirmEmail\S+")]
    private static partial Regex ConfirmLink();
}
