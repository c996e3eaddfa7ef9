using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Portal.Server.Components.Account;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Identity;

/// <summary>Sessions end on the server (sign-out, a new password, idleness), and an authenticator code opens one session only.</summary>
[Collection(nameof(PortalCollection))]
public sealed class SessionTests(PortalFactory app)
{
    private static readonly Uri Site = new("http://localhost/");

    private static async Task<HttpStatusCode> InboxAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications") { Headers = { { "X-Portal-Csrf", "1" } } };
        return (await client.SendAsync(request)).StatusCode;
    }

    /// <summary>A copy of every cookie the browser holds, in a second client: what a thief with the cookie has.</summary>
    private HttpClient Copy(CookieContainer jar)
    {
        var stolen = new CookieContainer();
        stolen.Add(jar.GetCookies(Site));
        return app.CreateClientWith(stolen);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working()
    {
        var email = await app.CreateUserAsync(Roles.Customer);
        var jar = new CookieContainer();
        var browser = app.CreateClientWith(jar);
        await browser.SignInAsync(email, totpKey: null);
        var thief = Copy(jar);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(thief));

        // The header's sign-out form, as the browser posts it.
        var fields = Forms.HiddenInputs(await browser.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(fields))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(thief));
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(browser));
    }

    [Fact]
    public async Task A_new_password_ends_every_other_session_at_once_and_keeps_this_one()
    {
        var email = await app.CreateUserAsync(Roles.Customer);
        var here = app.CreateClientWith(new CookieContainer());
        var elsewhere = app.CreateClientWith(new CookieContainer());
        await here.SignInAsync(email, totpKey: null);
        await elsewhere.SignInAsync(email, totpKey: null);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(elsewhere));

        var changed = await here.SubmitAsync("/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Forms.DemoPassword, ["Input.NewPassword"] = "another long passphrase", ["Input.ConfirmPassword"] = "another long passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(elsewhere));
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(here));
    }

    [Fact]
    public async Task Staff_sessions_end_after_15_idle_minutes_and_customers_after_30()
    {
        var staff = app.CreateClientWith(new CookieContainer());
        await staff.SignInAsync(await app.CreateUserAsync(Roles.CustomerManager));
        var customer = app.CreateClientWith(new CookieContainer());
        await customer.SignInAsync(await app.CreateUserAsync(Roles.Customer), totpKey: null);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(staff));

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(staff));
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(customer)); // and this request counts as activity

        app.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(customer));
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(customer));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_at_once()
    {
        var email = await app.CreateUserAsync(Roles.RiskOfficer);
        var client = app.CreateClientWith(new CookieContainer());
        await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(client));

        using (var scope = app.Services.CreateScope())
        {
            var users = (PortalUserManager)scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.DisableAsync((await users.FindByEmailAsync(email))!)).Succeeded);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(client));
        var again = await app.CreateClientWith(new CookieContainer()).SubmitAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = Forms.DemoPassword,
        });
        // Refused as an address without an account would be: the form tells nobody the account was disabled.
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("The email or password is not correct.", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Setting_up_an_authenticator_changes_the_stamp_but_keeps_the_session_it_was_set_up_in()
    {
        var email = await app.CreateUserAsync([Roles.Customer], approvalLimit: null, authenticator: false);
        var client = app.CreateClientWith(new CookieContainer());
        await client.SignInAsync(email, totpKey: null);

        // The page makes a key (a new security stamp) on first view; the code typed from it is then checked in the same session.
        var page = await client.GetStringAsync("/Account/Manage/EnableAuthenticator");
        var key = System.Text.RegularExpressions.Regex.Match(page, "<kbd class=\"shared-key\">([a-z0-9 ]+)</kbd>").Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        Assert.NotEmpty(key);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(client));
        var enabled = await client.SubmitAsync("/Account/Manage/EnableAuthenticator", new Dictionary<string, string>
        {
            ["Input.Code"] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime),
        });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Contains("recovery", (await enabled.Content.ReadAsStringAsync()).ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(client));

        // Turning it off again keeps the session too.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/Account/Manage/Disable2fa", new Dictionary<string, string>())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(client));
    }

    [Fact]
    public async Task Signing_in_as_someone_else_in_the_same_browser_starts_a_session_of_their_own()
    {
        var first = await app.CreateUserAsync(Roles.Customer);
        var second = await app.CreateUserAsync(Roles.Customer);
        var client = app.CreateClientWith(new CookieContainer());
        await client.SignInAsync(first, totpKey: null);
        // The sign-in page ends the session there is and shows itself afresh (a browser follows the redirect).
        var page = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(client));
        await client.SignInAsync(second, totpKey: null);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(client));
        Assert.Contains(second, await client.GetStringAsync("/Account/Manage"));
    }

    [Fact]
    public async Task Static_files_are_served_without_reading_the_session_or_counting_as_activity()
    {
        var client = app.CreateClientWith(new CookieContainer());
        await client.SignInAsync(await app.CreateUserAsync(Roles.Supervisor));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/favicon.png")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(client));
    }

    [Fact]
    public async Task An_authenticator_code_opens_one_session_only()
    {
        var email = await app.CreateUserAsync(Roles.Supervisor);
        var code = new Totp(Base32Encoding.ToBytes(Forms.StaffKey)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);

        // Two people with the same code at the same moment (a code read over a shoulder, or replayed): one gets in.
        var clients = new[] { app.CreateClientWith(new CookieContainer()), app.CreateClientWith(new CookieContainer()) };
        var steps = new List<string>();
        foreach (var client in clients)
        {
            var password = await client.SubmitAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Forms.DemoPassword });
            steps.Add(password.Headers.Location!.ToString());
        }
        var forms = await Task.WhenAll(clients.Select(async (c, i) => Forms.HiddenInputs(await c.GetStringAsync(steps[i]))));
        var answers = await Task.WhenAll(clients.Select((c, i) =>
        {
            forms[i]["Input.TwoFactorCode"] = code;
            return c.PostAsync(steps[i], new FormUrlEncodedContent(forms[i]));
        }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        var refused = answers.Single(a => a.StatusCode != HttpStatusCode.Redirect);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("already been used", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        // The next code (30 seconds on) is fine.
        var late = clients[Array.IndexOf(answers, refused)];
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = await late.SubmitAsync(steps[Array.IndexOf(answers, refused)], new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = new Totp(Base32Encoding.ToBytes(Forms.StaffKey)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime),
        });
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
    }
}
