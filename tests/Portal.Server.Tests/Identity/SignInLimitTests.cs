using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Identity;

/// <summary>
/// The app with the real limits of the account forms, small enough to reach: 5 failures per account (Identity's
/// lockout, 15 minutes), 8 per address in 15 minutes, 4 account emails per address and 2 per recipient an hour.
/// Each request says which address it comes from (the test server has none); each test uses addresses of its own.
/// </summary>
public sealed class LimitedPortalFactory : PortalFactory
{
    public const string AddressHeader = "X-Test-Client-Address";

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Security:SignInFailuresPerAccount", "5"),
        ("Security:AccountLockoutMinutes", "15"),
        ("Security:SignInFailuresPerAddress", "8"),
        ("Security:SignInFailureWindowMinutes", "15"),
        ("Security:AccountEmailsPerAddress", "4"),
        ("Security:AccountEmailsPerRecipient", "2"),
        ("Security:AccountEmailWindowMinutes", "60"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, AddressFromHeader>());
    }

    /// <summary>A client whose requests come from <paramref name="address"/>, as a balancer's forwarded address would say.</summary>
    public HttpClient From(string address)
    {
        var client = CreateBrowserlessClient();
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[AddressHeader] is [{ } address]) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class SignInLimitTests(LimitedPortalFactory app) : IClassFixture<LimitedPortalFactory>
{
    private static Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password) =>
        client.SubmitAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task<HttpStatusCode> Fail(HttpClient client, string email) => (await SignIn(client, email, "not the password")).StatusCode;

    private static async Task AssertSignedIn(HttpClient client, string email)
    {
        var response = await SignIn(client, email, Forms.DemoPassword);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{email} was not signed in: {response.StatusCode}");
    }

    private static async Task AssertLimited(HttpResponseMessage response, int retryAfterSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Input.Password", html); // the form is not offered again
    }

    [Fact]
    public async Task Many_successful_sign_ins_from_one_address_are_never_limited()
    {
        var office = app.From("198.51.100.10");
        var people = new List<string>();
        for (var i = 0; i < 5; i++) people.Add(await app.CreateUserAsync(Roles.Customer));

        // Seven typos (one short of the address's eight) between forty successful sign-ins.
        for (var round = 0; round < 8; round++)
        {
            foreach (var person in people) await AssertSignedIn(app.From("198.51.100.10"), person);
            if (round < 7) Assert.Equal(HttpStatusCode.OK, await Fail(office, $"typo{round}@test.portal"));
        }

        // The successes took nothing: the eighth failure is still allowed, and only then is the address paused.
        Assert.Equal(HttpStatusCode.OK, await Fail(office, "typo7@test.portal"));
        await AssertLimited(await SignIn(office, people[0], Forms.DemoPassword), 15 * 60);
    }

    [Fact]
    public async Task Failures_beyond_the_account_allowance_lock_that_account_but_not_another_from_the_same_address()
    {
        var victim = await app.CreateUserAsync(Roles.Customer);
        var colleague = await app.CreateUserAsync(Roles.Customer);
        var office = app.From("198.51.100.20");

        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, await Fail(office, victim));
        await AssertLimited(await SignIn(office, victim, "not the password"), 15 * 60);
        // Locked: the right password is not even tried, from here or from anywhere else.
        await AssertLimited(await SignIn(office, victim, Forms.DemoPassword), 15 * 60);
        await AssertLimited(await SignIn(app.From("203.0.113.20"), victim, Forms.DemoPassword), 15 * 60);

        await AssertSignedIn(app.From("198.51.100.20"), colleague);
    }

    [Fact]
    public async Task Wrong_current_passwords_on_the_account_pages_count_like_wrong_sign_ins()
    {
        // A session left open must not be a way to guess the password.
        var person = await app.CreateUserAsync(Roles.Customer);
        var session = app.From("198.51.100.70");
        await AssertSignedIn(session, person);
        Task<HttpResponseMessage> Change(string current) => session.SubmitAsync("/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = current, ["Input.NewPassword"] = "a new long password 1", ["Input.ConfirmPassword"] = "a new long password 1",
        });

        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await Change($"guess {i} at the password")).StatusCode);
        await AssertLimited(await Change("the fifth guess"), 15 * 60);
        // Locked: the right password is not tried either, here or at sign-in.
        await AssertLimited(await Change(Forms.DemoPassword), 15 * 60);
        await AssertLimited(await SignIn(app.From("203.0.113.70"), person, Forms.DemoPassword), 15 * 60);
    }

    [Fact]
    public async Task Failures_beyond_the_address_allowance_pause_sign_ins_from_that_address_only()
    {
        var person = await app.CreateUserAsync(Roles.Customer);
        var sprayer = app.From("198.51.100.30");
        // Eight accounts tried once each: no account reaches its own limit.
        for (var i = 0; i < 8; i++) Assert.Equal(HttpStatusCode.OK, await Fail(sprayer, await app.CreateUserAsync(Roles.Customer)));

        await AssertLimited(await SignIn(sprayer, person, Forms.DemoPassword), 15 * 60);
        await AssertSignedIn(app.From("198.51.100.31"), person);
    }

    [Fact]
    public async Task An_IPv6_address_counts_with_the_rest_of_its_64_block()
    {
        for (var i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.OK, await Fail(app.From($"2001:db8:30:1::{i + 1:x}"), $"v6-{i}@test.portal"));
        await AssertLimited(await SignIn(app.From("2001:db8:30:1::ff"), "v6-next@test.portal", "not the password"), 15 * 60);
        Assert.Equal(HttpStatusCode.OK, await Fail(app.From("2001:db8:30:2::1"), "v6-other@test.portal"));
    }

    [Fact]
    public async Task The_limited_answer_is_the_styled_account_page_in_the_persons_language_with_retry_after()
    {
        var client = app.From("198.51.100.40");
        await client.GetAsync("/culture?culture=zh-Hans&returnUrl=/");
        for (var i = 0; i < 8; i++) Assert.Equal(HttpStatusCode.OK, await Fail(client, $"spray{i}@test.portal"));

        var response = await SignIn(client, "spray8@test.portal", "not the password");
        await AssertLimited(response, 15 * 60);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()); // Blazor writes Chinese as character references
        Assert.Contains("<html lang=\"zh-Hans\">", html);
        Assert.Matches("<link rel=\"stylesheet\" href=\"[^\"]*portal[^\"]*\\.css\"", html); // the portal's own look, its layout and header
        Assert.Contains("class=\"portal-brand\"", html);
        Assert.Contains("<h1>尝试次数过多</h1>", html);
        Assert.Contains("近期从您所在网络登录失败的次数过多", html);
        Assert.Contains("请在 15 分钟后重试。", html);

        // And in English for someone else, about their account.
        var victim = await app.CreateUserAsync(Roles.Customer);
        var english = app.From("198.51.100.41");
        for (var i = 0; i < 4; i++) await Fail(english, victim);
        var locked = await SignIn(english, victim, "not the password");
        await AssertLimited(locked, 15 * 60);
        var text = WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync());
        Assert.Contains("<h1>Too many attempts</h1>", text);
        Assert.Contains("too many unsuccessful attempts to sign in to this account", text);
        Assert.Contains("Please try again in 15 minutes.", text);
    }

    [Fact]
    public async Task Time_passing_on_the_portals_clock_lifts_both_limits()
    {
        var person = await app.CreateUserAsync(Roles.Customer);
        var client = app.From("198.51.100.50");
        for (var i = 0; i < 5; i++) await Fail(client, person); // locks the account (5) …
        for (var i = 0; i < 3; i++) await Fail(client, $"other{i}@test.portal"); // … and with these the address (8)
        await AssertLimited(await SignIn(client, person, Forms.DemoPassword), 15 * 60);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        await AssertLimited(await SignIn(client, person, Forms.DemoPassword), 60);

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await AssertSignedIn(app.From("198.51.100.50"), person);
    }

    [Fact]
    public async Task Wrong_authenticator_codes_count_like_wrong_passwords()
    {
        var staff = await app.CreateUserAsync(Roles.Supervisor);
        var client = app.From("198.51.100.60");
        var step = await SignIn(client, staff, Forms.DemoPassword);
        Assert.Contains("LoginWith2fa", step.Headers.Location!.ToString());
        var secondStep = step.Headers.Location!.ToString();

        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync(secondStep, new Dictionary<string, string> { ["Input.TwoFactorCode"] = WrongCode() })).StatusCode);
        await AssertLimited(await client.SubmitAsync(secondStep, new Dictionary<string, string> { ["Input.TwoFactorCode"] = WrongCode() }), 15 * 60);
        // The right code now waits too, and so does the password step.
        await AssertLimited(await client.SubmitAsync(secondStep, new Dictionary<string, string> { ["Input.TwoFactorCode"] = RightCode() }), 15 * 60);
        await AssertLimited(await SignIn(app.From("198.51.100.61"), staff, Forms.DemoPassword), 15 * 60);
    }

    [Fact]
    public async Task Wrong_recovery_codes_count_like_wrong_passwords()
    {
        var staff = await app.CreateUserAsync(Roles.Supervisor);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(staff))!, 10);
        }
        var client = app.From("198.51.100.70");
        var step = await SignIn(client, staff, Forms.DemoPassword);
        Assert.Contains("LoginWith2fa", step.Headers.Location!.ToString());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.SubmitAsync("/Account/LoginWithRecoveryCode", new Dictionary<string, string> { ["Input.RecoveryCode"] = $"WRONG-{i}" })).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Account_emails_are_limited_per_address_and_per_recipient()
    {
        var client = app.From("198.51.100.80");
        Task<HttpResponseMessage> Reset(HttpClient c, string email) =>
            c.SubmitAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });

        var recipient = await app.CreateUserAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.Redirect, (await Reset(client, recipient)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Reset(client, recipient)).StatusCode);
        var third = await Reset(app.From("198.51.100.81"), recipient); // a third to the same person, from anywhere
        await AssertLimited(third, 60 * 60);
        Assert.Contains("Too many account emails have been asked for this email address", WebUtility.HtmlDecode(await third.Content.ReadAsStringAsync()));

        // Registrations count too; an address that does not exist counts as one that does.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/Account/Register", new Dictionary<string, string>
        {
            ["Input.Email"] = "limits.new@test.portal", ["Input.Password"] = "a long enough passphrase", ["Input.ConfirmPassword"] = "a long enough passphrase",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Reset(client, "nobody.here@test.portal")).StatusCode);
        var fifth = await Reset(client, "someone.else@test.portal");
        await AssertLimited(fifth, 60 * 60);
        Assert.Contains("Too many account emails (registrations, password resets, confirmations) have been asked for from your network", WebUtility.HtmlDecode(await fifth.Content.ReadAsStringAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await Reset(app.From("198.51.100.82"), "someone.else@test.portal")).StatusCode);
    }

    private string RightCode() => new Totp(Base32Encoding.ToBytes(Forms.StaffKey)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>A code valid in no time step near now (Identity accepts a few either side).</summary>
    private string WrongCode()
    {
        var totp = new Totp(Base32Encoding.ToBytes(Forms.StaffKey));
        var near = Enumerable.Range(-5, 11).Select(step => totp.ComputeTotp(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(30 * step))).ToHashSet();
        return new[] { "123456", "654321", "111111", "222222" }.First(c => !near.Contains(c));
    }
}
