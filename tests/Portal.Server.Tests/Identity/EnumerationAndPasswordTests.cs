using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Server.Components.Account;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Identity;

/// <summary>The app with its password hasher counted: how much work a sign-in does says whether an account exists.</summary>
public sealed class CountingHasherFactory : PortalFactory
{
    private int verifications;
    public int Verifications => Volatile.Read(ref verifications);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddScoped<IPasswordHasher<PortalUser>>(_ => new Counting(this)));
    }

    private sealed class Counting(CountingHasherFactory app) : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> inner = new();
        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref app.verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>Nobody learns from the forms who has an account; weak passwords are refused; changes are told to the owner.</summary>
public sealed class EnumerationAndPasswordTests(CountingHasherFactory app) : IClassFixture<CountingHasherFactory>
{
    private static Dictionary<string, string> Registration(string email, string password) => new()
    {
        ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
    };

    /// <summary>The one email to this address with this subject (emails written at the same moment of the test clock have no order).</summary>
    private async Task<MimeMessage?> MailToAsync(string email, string subject)
    {
        await app.DeliverMailAsync();
        return Directory.Exists(app.MailFolder)
            ? Directory.GetFiles(app.MailFolder, "*.eml").Select(f => MimeMessage.Load(f)).SingleOrDefault(m => m.To.Mailboxes.Any(x => x.Address == email) && m.Subject == subject)
            : null;
    }

    [Fact]
    public async Task Registering_a_taken_address_answers_as_for_a_new_one_and_tells_the_owner()
    {
        var owner = await app.CreateUserAsync(Roles.Customer);
        var fresh = $"fresh-{Guid.NewGuid():N}@test.portal";

        var taken = await app.CreateBrowserlessClient().SubmitAsync("/Account/Register", Registration(owner, "a long enough passphrase"));
        var created = await app.CreateBrowserlessClient().SubmitAsync("/Account/Register", Registration(fresh, "a long enough passphrase"));

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        static string Without(HttpResponseMessage r, string email) => System.Text.RegularExpressions.Regex.Replace(r.Headers.Location!.ToString(), "email=[^&]*", "email=*");
        Assert.Equal(Without(created, fresh), Without(taken, owner));
        var pages = await Task.WhenAll(new[] { taken, created }.Select(r => app.CreateBrowserlessClient().GetStringAsync(r.Headers.Location)));
        // What the page says (not its per-request tokens) is the same.
        static string Said(string html, string email) =>
            System.Text.RegularExpressions.Regex.Match(html, "<main.*</main>", System.Text.RegularExpressions.RegexOptions.Singleline).Value.Replace(email.Split('@')[0], "*");
        Assert.NotEmpty(Said(pages[1], fresh));
        Assert.Equal(Said(pages[1], fresh), Said(pages[0], owner));

        var mail = await MailToAsync(owner, "Someone tried to register with your email address");
        Assert.NotNull(mail);
        Assert.Contains(PortalFactory.PublicBaseUrl + "Account/Login", mail.TextBody);
        Assert.NotNull(await MailToAsync(fresh, "Confirm your email address"));
    }

    [Fact]
    public async Task Signing_in_does_the_same_password_work_whether_or_not_the_account_exists()
    {
        var known = await app.CreateUserAsync(Roles.Customer);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var unconfirmed = new PortalUser { UserName = "unconfirmed@test.portal", Email = "unconfirmed@test.portal" };
            Assert.True((await users.CreateAsync(unconfirmed, Forms.DemoPassword)).Succeeded);
        }

        async Task<int> HashesFor(string email)
        {
            var client = app.CreateBrowserlessClient();
            var before = app.Verifications;
            var response = await client.SubmitAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "a wrong password here" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The email or password is not correct.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
            return app.Verifications - before;
        }

        Assert.Equal(1, await HashesFor(known));
        Assert.Equal(1, await HashesFor($"nobody-{Guid.NewGuid():N}@test.portal"));
        Assert.Equal(1, await HashesFor("unconfirmed@test.portal"));
    }

    [Fact]
    public async Task An_address_without_an_account_is_locked_after_as_many_wrong_passwords_as_a_real_one()
    {
        async Task<List<HttpStatusCode>> SixTries(string email)
        {
            var client = app.CreateBrowserlessClient();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
                statuses.Add((await client.SubmitAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = $"wrong password {i}" })).StatusCode);
            return statuses;
        }

        var real = await SixTries(await app.CreateUserAsync(Roles.Customer));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], real);
        Assert.Equal(real, await SixTries($"nobody-{Guid.NewGuid():N}@test.portal"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("123456789012")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("Password1234")]
    public async Task Common_passwords_are_refused_with_a_reason(string password)
    {
        var email = $"weak-{Guid.NewGuid():N}@test.portal";
        var response = await app.CreateBrowserlessClient().SubmitAsync("/Account/Register", Registration(email, password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("one of the most common ones", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Null(await app.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Passwords_made_of_the_email_address_or_the_lenders_name_are_refused_in_the_persons_language()
    {
        var email = $"li.wei.{Guid.NewGuid().ToString("N")[..6]}@test.portal";
        var english = await app.CreateBrowserlessClient().SubmitAsync("/Account/Register", Registration(email, email));
        Assert.Contains("made mostly of your email address or our name", WebUtility.HtmlDecode(await english.Content.ReadAsStringAsync()));

        var chinese = app.CreateBrowserlessClient();
        chinese.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-Hans"));
        var brand = await chinese.SubmitAsync("/Account/Register", Registration(email, "Harbour-Bridge-Credit-1"));
        Assert.Contains("此密码主要由您的邮箱地址或我们的名称组成", WebUtility.HtmlDecode(await brand.Content.ReadAsStringAsync()));

        // Words of one's own next to them are fine.
        Assert.False(PasswordRules.MadeOf("li.wei loves kites", ["liwei", "li", "wei"]));
        Assert.True(PasswordRules.MadeOf("LiWei-2026!", ["liwei", "li", "wei"]));
    }

    [Fact]
    public async Task A_changed_password_and_a_changed_email_address_are_told_to_the_account_address()
    {
        var email = await app.CreateUserAsync(Roles.Customer);
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email, totpKey: null);

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Forms.DemoPassword, ["Input.NewPassword"] = "another long passphrase", ["Input.ConfirmPassword"] = "another long passphrase",
        })).StatusCode);
        Assert.NotNull(await MailToAsync(email, "Your password was changed"));

        // A common password is refused on change too.
        var weak = await client.SubmitAsync("/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "another long passphrase", ["Input.NewPassword"] = "password1234", ["Input.ConfirmPassword"] = "password1234",
        });
        Assert.Contains("one of the most common ones", WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync()));

        var newEmail = $"moved-{Guid.NewGuid():N}@test.portal";
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync("/Account/Manage/Email", new Dictionary<string, string>
        {
            ["_handler"] = "change-email", ["Input.NewEmail"] = newEmail,
        })).StatusCode);
        var confirm = await MailToAsync(newEmail, "Confirm your email address");
        Assert.NotNull(confirm);
        var link = System.Text.RegularExpressions.Regex.Match(confirm.TextBody ?? "", @"https?://\S+ConfirmEmailChange\S+").Value;
        Assert.NotEmpty(link);
        Assert.Contains("your email address has been changed", await client.GetStringAsync(new Uri(link).PathAndQuery));

        var told = await MailToAsync(email, "Your email address was changed");
        Assert.NotNull(told);
        Assert.Contains(newEmail, told.TextBody);
    }
}
