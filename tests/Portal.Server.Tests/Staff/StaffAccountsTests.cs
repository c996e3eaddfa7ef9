using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Server.Data;
using Portal.Server.Features.Staff;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Staff;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Staff;

/// <summary>Administrators' staff accounts: invitations through a single-use link, roles, disabling, the four-eyes authenticator reset.</summary>
[Collection(nameof(PortalCollection))]
public sealed partial class StaffAccountsTests(PortalFactory app)
{
    private const string Password = "a quiet harbour at dawn";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<(HttpClient Client, string Email, string Id)> AdminAsync()
    {
        var email = await app.CreateUserAsync(Roles.Administrator);
        var client = app.CreateClientWith(new CookieContainer());
        await client.SignInAsync(email);
        return (client, email, await app.UserIdAsync(email));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Headers = { { "X-Portal-Csrf", "1" } } };
        if (body is not null) request.Content = JsonContent.Create(body);
        return await client.SendAsync(request);
    }

    private static async Task<StaffAccount> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StaffAccount>(Json))!;
    }

    private static async Task<HttpStatusCode> InboxAsync(HttpClient client) =>
        (await SendAsync(client, HttpMethod.Get, "/api/notifications")).StatusCode;

    private static async Task<HttpStatusCode> StaffWorkAsync(HttpClient client) =>
        (await SendAsync(client, HttpMethod.Get, "/api/staff/applications/waiting")).StatusCode;

    private async Task<StaffAccount> InviteAsync(HttpClient admin, string email, params string[] roles) =>
        await OkAsync(await SendAsync(admin, HttpMethod.Post, "/api/staff/accounts", new InviteStaff { Email = email, Name = "Zhang Min", Roles = [.. roles] }));

    /// <summary>The set-up link (path and query) of the one email to the address with this subject.</summary>
    private async Task<string> SetUpLinkAsync(string email, string subject) => Assert.Single(await SetUpLinksAsync(email, subject));

    /// <summary>The set-up links (path and query) of every email to the address with this subject.</summary>
    private async Task<List<string>> SetUpLinksAsync(string email, string subject)
    {
        await app.DeliverMailAsync();
        var links = Directory.GetFiles(app.MailFolder, "*.eml").Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(x => x.Address == email) && m.Subject == subject)
            .Select(m => SetUpLink().Match(m.TextBody ?? "").Value).ToList();
        Assert.All(links, link => Assert.StartsWith(PortalFactory.PublicBaseUrl, link));
        return [.. links.Select(link => new Uri(link).PathAndQuery)];
    }

    /// <summary>Enrols an authenticator on the page the set-up link leads to; returns its key.</summary>
    private async Task<string> EnrolAuthenticatorAsync(HttpClient client, string email)
    {
        var page = await client.GetStringAsync("/Account/Manage/EnableAuthenticator");
        var key = SharedKey().Match(page).Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        Assert.NotEmpty(key);
        var verified = await client.SubmitAsync("/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = app.FreshCode(email, key) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("continue-to-staff", await verified.Content.ReadAsStringAsync()); // the recovery codes, then on to the staff area
        return key;
    }

    /// <summary>Follows an invitation: a password, then the authenticator; the client ends signed in with the second factor.</summary>
    private async Task<string> AcceptInvitationAsync(HttpClient client, string email, string link)
    {
        var set = await client.SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Contains("Account/Manage/EnableAuthenticator", set.Headers.Location!.ToString());
        return await EnrolAuthenticatorAsync(client, email);
    }

    private async Task<List<string>> AuditAsync(string userId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEntries.Where(e => e.SubjectId == userId).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
    }

    [Fact]
    public async Task An_invited_risk_officer_sets_a_password_and_an_authenticator_through_the_link_and_works_signed_in_with_the_second_factor()
    {
        var (admin, _, _) = await AdminAsync();
        var email = $"invited-{Guid.NewGuid():N}@test.portal";
        var invited = await InviteAsync(admin, email, Roles.RiskOfficer);
        Assert.Equal(StaffAccountStatus.Invited, invited.Status);
        Assert.Null(invited.LastSignInAt);

        var link = await SetUpLinkAsync(email, "Your staff account at Harbour Bridge Credit");
        var person = app.CreateClientWith(new CookieContainer());
        // A common password is refused, with the reason; the link still works afterwards.
        var weak = await person.SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = "password1234", ["Input.ConfirmPassword"] = "password1234" });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("common", await weak.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var key = await AcceptInvitationAsync(person, email, link);
        Assert.Equal(HttpStatusCode.OK, await StaffWorkAsync(person));

        // The link is spent: a second use is refused with a plain page.
        var again = await app.CreateClientWith(new CookieContainer()).GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("This link no longer works", await again.Content.ReadAsStringAsync());

        // Signing in afresh asks for the new authenticator's code.
        var later = app.CreateClientWith(new CookieContainer());
        await later.SignInAsync(email, Password, key);
        Assert.Equal(HttpStatusCode.OK, await StaffWorkAsync(later));

        var listed = (await (await SendAsync(admin, HttpMethod.Get, "/api/staff/accounts")).Content.ReadFromJsonAsync<List<StaffAccount>>(Json))!.Single(a => a.Email == email);
        Assert.Equal(StaffAccountStatus.Active, listed.Status);
        Assert.Equal([Roles.RiskOfficer], listed.Roles);
        Assert.NotNull(listed.LastSignInAt);
        Assert.Equal(["InviteStaff", "CompleteStaffSetUp"], await AuditAsync(invited.Id));
    }

    [Fact]
    public async Task A_new_invitation_makes_the_earlier_link_stop_working()
    {
        var (admin, _, _) = await AdminAsync();
        var email = $"resent-{Guid.NewGuid():N}@test.portal";
        var invited = await InviteAsync(admin, email, Roles.Marketing);
        var first = await SetUpLinkAsync(email, "Your staff account at Harbour Bridge Credit");
        await OkAsync(await SendAsync(admin, HttpMethod.Post, $"/api/staff/accounts/{invited.Id}/invitation"));
        var links = await SetUpLinksAsync(email, "Your staff account at Harbour Bridge Credit");
        Assert.Equal(2, links.Count);
        var second = Assert.Single(links, l => l != first);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateClientWith(new CookieContainer()).GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClientWith(new CookieContainer()).GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Roles_given_and_taken_are_audited_and_a_removed_role_ends_the_persons_session_at_once()
    {
        var (admin, _, _) = await AdminAsync();
        var email = await app.CreateUserAsync(Roles.RiskOfficer, Roles.Approver);
        var id = await app.UserIdAsync(email);
        var person = app.CreateClientWith(new CookieContainer());
        await person.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, await StaffWorkAsync(person));

        var saved = await OkAsync(await SendAsync(admin, HttpMethod.Put, $"/api/staff/accounts/{id}/roles", new SetStaffRoles { Roles = [Roles.Approver, Roles.Supervisor] }));
        Assert.Equal([Roles.Approver, Roles.Supervisor], saved.Roles.Order());

        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(person));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var entry = await db.AuditEntries.Where(e => e.SubjectId == id && e.Action == "SetStaffRoles").SingleAsync();
            Assert.Contains(Roles.RiskOfficer, entry.Before);
            Assert.Contains("\"Taken\":[\"RiskOfficer\"]", entry.After);
            Assert.Contains("\"Given\":[\"Supervisor\"]", entry.After);
        }
        // Only staff roles: a customer role is refused, and so is none at all.
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Put, $"/api/staff/accounts/{id}/roles", new SetStaffRoles { Roles = [Roles.Customer] })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Put, $"/api/staff/accounts/{id}/roles", new SetStaffRoles { Roles = [] })).StatusCode);
    }

    [Fact]
    public async Task Disabling_ends_the_sessions_at_once_and_refuses_sign_in_until_enabled_again()
    {
        var (admin, _, _) = await AdminAsync();
        var email = await app.CreateUserAsync(Roles.CustomerManager);
        var id = await app.UserIdAsync(email);
        var person = app.CreateClientWith(new CookieContainer());
        await person.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(person));

        Assert.Equal(StaffAccountStatus.Disabled, (await OkAsync(await SendAsync(admin, HttpMethod.Post, $"/api/staff/accounts/{id}/disable"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(person));

        var refused = await app.CreateClientWith(new CookieContainer()).SubmitAsync("/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Forms.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // the form again, with "not correct": no redirect onwards
        Assert.Contains("The email or password is not correct", await refused.Content.ReadAsStringAsync());

        Assert.Equal(StaffAccountStatus.Active, (await OkAsync(await SendAsync(admin, HttpMethod.Post, $"/api/staff/accounts/{id}/enable"))).Status);
        var back = app.CreateClientWith(new CookieContainer());
        await back.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, await StaffWorkAsync(back));
        Assert.Equal(["DisableStaff", "EnableStaff"], await AuditAsync(id));
    }

    [Fact]
    public async Task An_administrator_cannot_disable_themselves_or_take_away_their_own_Administrator_role()
    {
        var (admin, _, me) = await AdminAsync();
        var disable = await SendAsync(admin, HttpMethod.Post, $"/api/staff/accounts/{me}/disable");
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Contains("another administrator", await disable.Content.ReadAsStringAsync());
        var roles = await SendAsync(admin, HttpMethod.Put, $"/api/staff/accounts/{me}/roles", new SetStaffRoles { Roles = [Roles.Supervisor] });
        Assert.Equal(HttpStatusCode.BadRequest, roles.StatusCode);
        Assert.Contains("own Administrator role", await roles.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await InboxAsync(admin));
    }

    [Fact]
    public async Task A_lost_authenticator_is_reset_by_two_administrators_and_the_person_enrols_again_through_the_emailed_link()
    {
        var (first, _, firstId) = await AdminAsync();
        var (second, _, _) = await AdminAsync();
        var email = await app.CreateUserAsync(Roles.LoanOperations);
        var id = await app.UserIdAsync(email);
        var person = app.CreateClientWith(new CookieContainer());
        await person.SignInAsync(email);

        // A reason is required; nobody asks for their own.
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(first, HttpMethod.Post, $"/api/staff/accounts/{id}/authenticator-reset", new RequestAuthenticatorReset { Reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(first, HttpMethod.Post, $"/api/staff/accounts/{firstId}/authenticator-reset", new RequestAuthenticatorReset { Reason = "lost my phone" })).StatusCode);
        var asked = await OkAsync(await SendAsync(first, HttpMethod.Post, $"/api/staff/accounts/{id}/authenticator-reset",
            new RequestAuthenticatorReset { Reason = "Phone lost; identity checked in person" }));
        Assert.Equal(firstId, asked.PendingReset!.RequestedById);

        // The one who asked cannot approve; nothing has changed yet.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(first, HttpMethod.Post, $"/api/staff/accounts/{id}/authenticator-reset/approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StaffWorkAsync(person));

        var approved = await OkAsync(await SendAsync(second, HttpMethod.Post, $"/api/staff/accounts/{id}/authenticator-reset/approve"));
        Assert.Null(approved.PendingReset);
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(person)); // its sessions ended

        // The old authenticator opens nothing: the account has no second factor until it enrols a new one.
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var account = (await users.FindByIdAsync(id))!;
            Assert.False(account.TwoFactorEnabled);
            Assert.NotEqual(Forms.StaffKey, await users.GetAuthenticatorKeyAsync(account));
            Assert.Equal(0, await users.CountRecoveryCodesAsync(account));
            Assert.False(await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, app.FreshCode(email, Forms.StaffKey)));
        }

        var link = await SetUpLinkAsync(email, "Set up your authenticator again");
        var enrol = app.CreateClientWith(new CookieContainer());
        var wrong = await enrol.SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = "not the password at all" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var confirmed = await enrol.SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = Forms.DemoPassword });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var key = await EnrolAuthenticatorAsync(enrol, email);
        Assert.NotEqual(Forms.StaffKey, key);
        Assert.Equal(HttpStatusCode.OK, await StaffWorkAsync(enrol));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateClientWith(new CookieContainer()).GetAsync(link)).StatusCode);

        Assert.Equal(["RequestAuthenticatorReset", "ApproveAuthenticatorReset", "StartAuthenticatorEnrolment"], await AuditAsync(id));
    }

    [Fact]
    public async Task Nobody_approves_a_reset_of_their_own_authenticator()
    {
        var (first, _, _) = await AdminAsync();
        var (second, _, secondId) = await AdminAsync();
        await OkAsync(await SendAsync(first, HttpMethod.Post, $"/api/staff/accounts/{secondId}/authenticator-reset", new RequestAuthenticatorReset { Reason = "Asked by phone, identity checked" }));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(second, HttpMethod.Post, $"/api/staff/accounts/{secondId}/authenticator-reset/approve")).StatusCode);
    }

    [Fact]
    public async Task Non_administrators_get_403_on_every_endpoint_and_strangers_401()
    {
        var (admin, _, _) = await AdminAsync();
        var target = (await InviteAsync(admin, $"target-{Guid.NewGuid():N}@test.portal", Roles.Marketing)).Id;
        var calls = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, "/api/staff/accounts", null),
            (HttpMethod.Post, "/api/staff/accounts", new InviteStaff { Email = $"x-{Guid.NewGuid():N}@test.portal", Name = "X", Roles = [Roles.Marketing] }),
            (HttpMethod.Post, $"/api/staff/accounts/{target}/invitation", null),
            (HttpMethod.Put, $"/api/staff/accounts/{target}/roles", new SetStaffRoles { Roles = [Roles.Supervisor] }),
            (HttpMethod.Post, $"/api/staff/accounts/{target}/disable", null),
            (HttpMethod.Post, $"/api/staff/accounts/{target}/enable", null),
            (HttpMethod.Post, $"/api/staff/accounts/{target}/authenticator-reset", new RequestAuthenticatorReset { Reason = "no reason at all" }),
            (HttpMethod.Post, $"/api/staff/accounts/{target}/authenticator-reset/approve", null),
        };
        var supervisor = await app.SignedInAsync(Roles.Supervisor);
        var customer = app.CreateClientWith(new CookieContainer());
        await customer.SignInAsync(await app.CreateUserAsync(Roles.Customer), totpKey: null);
        var stranger = app.CreateClientWith(new CookieContainer());
        foreach (var (method, url, body) in calls)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(supervisor, method, url, body)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(customer, method, url, body)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(stranger, method, url, body)).StatusCode);
        }
        Assert.Equal(["InviteStaff"], await AuditAsync(target));
    }

    [Fact]
    public async Task Customers_never_appear_in_the_list_and_cannot_be_changed_through_it()
    {
        var (admin, _, _) = await AdminAsync();
        var customer = await app.CreateUserAsync(Roles.Customer);
        var staff = await app.CreateUserAsync(Roles.ProductManager);
        var list = (await (await SendAsync(admin, HttpMethod.Get, "/api/staff/accounts")).Content.ReadFromJsonAsync<List<StaffAccount>>(Json))!;
        Assert.DoesNotContain(list, a => a.Email == customer || a.Email == "customer@demo.portal");
        Assert.Contains(list, a => a.Email == staff && a.Roles.SequenceEqual([Roles.ProductManager]));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Post, $"/api/staff/accounts/{await app.UserIdAsync(customer)}/disable")).StatusCode);
        // Inviting an address that has an account is refused (an administrator may know that).
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(admin, HttpMethod.Post, "/api/staff/accounts",
            new InviteStaff { Email = customer, Name = "Someone", Roles = [Roles.Marketing] })).StatusCode);
    }

    [Fact]
    public async Task The_create_admin_command_makes_an_administrator_who_sets_up_through_the_printed_link()
    {
        var email = $"first-admin-{Guid.NewGuid():N}@test.portal";
        var output = new StringWriter();
        Assert.Equal(0, await AdminCommand.RunAsync(app.Services, ["--email", email, "--name", "First Admin"], output, output));
        var link = LinkIn(output.ToString());

        var person = app.CreateClientWith(new CookieContainer());
        await AcceptInvitationAsync(person, email, link);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(person, HttpMethod.Get, "/api/staff/accounts")).StatusCode);
        var id = await app.UserIdAsync(email);
        Assert.Equal(["CreateAdministrator", "CompleteStaffSetUp"], await AuditAsync(id));

        // Again for the same address: says so and issues a new link (the person sets up again); the old one is dead.
        var again = new StringWriter();
        Assert.Equal(0, await AdminCommand.RunAsync(app.Services, ["--email", email], again, again));
        Assert.Contains("already has an account", again.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, await InboxAsync(person));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateClientWith(new CookieContainer()).GetAsync(link)).StatusCode);
        await AcceptInvitationAsync(app.CreateClientWith(new CookieContainer()), email, LinkIn(again.ToString()));

        // Never a password on the command line.
        var refused = new StringWriter();
        Assert.NotEqual(0, await AdminCommand.RunAsync(app.Services, ["--email", $"other-{Guid.NewGuid():N}@test.portal", "--password", "secret"], refused, refused));
        Assert.Contains("no password", refused.ToString());
    }

    internal static string LinkIn(string output)
    {
        var link = SetUpLink().Match(output).Value;
        Assert.True(link.Length > 0, $"No set-up link in: {output}");
        return new Uri(link).PathAndQuery;
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/Account/SetUp\?[^\s""<>]+")]
    internal static partial Regex SetUpLink();

    [GeneratedRegex(@"<kbd class=""shared-key"">([^<]+)</kbd>")]
    private static partial Regex SharedKey();
}
