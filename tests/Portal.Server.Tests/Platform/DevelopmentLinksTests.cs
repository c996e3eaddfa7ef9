using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Server.Data;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Messages;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Platform;

/// <summary>The app as a developer runs it: Development, no Portal:PublicBaseUrl, on a real port of its own (Kestrel).</summary>
public sealed class DevelopmentPortalFactory : PortalFactory
{
    public DevelopmentPortalFactory() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:PublicBaseUrl", "");
    }
}

public sealed class DevelopmentLinksTests(DevelopmentPortalFactory app) : IClassFixture<DevelopmentPortalFactory>
{
    private IEnumerable<MimeMessage> MailsTo(string email) =>
        (Directory.Exists(app.MailFolder) ? Directory.GetFiles(app.MailFolder, "*.eml").Order().Select(f => MimeMessage.Load(f)) : [])
        .Where(m => m.To.Mailboxes.Any(b => b.Address == email));

    [Fact]
    public async Task A_notification_email_in_development_links_to_the_address_the_portal_listens_on()
    {
        var client = app.CreateBrowserlessClient();
        Assert.NotEqual("localhost", client.BaseAddress!.Host); // a real port, not the test server's pretend address
        var email = await app.CreateUserAsync(Roles.Customer);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.Add(new Notification { UserId = await app.UserIdAsync(email), At = app.Clock.GetUtcNow(), Kind = NotificationKind.NewMessage, Link = "messages", Email = true });
            await db.SaveChangesAsync();
        }

        await app.DeliverMailAsync();

        var mail = Assert.Single(MailsTo(email));
        var link = new Uri(client.BaseAddress, "notifications").AbsoluteUri;
        Assert.Contains(link, mail.TextBody);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody);
    }

    [Fact]
    public async Task A_reset_link_in_development_is_absolute_on_the_portals_address_whatever_host_the_request_names()
    {
        var portal = app.CreateBrowserlessClient().BaseAddress!;
        var email = await app.CreateUserAsync(Roles.Customer);
        // A client of our own: the factory's follows redirects on Kestrel, and this one would lead to evil.example.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal };
        client.DefaultRequestHeaders.Host = "evil.example";
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.SubmitAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email })).StatusCode);

        await app.DeliverMailAsync();

        var mail = Assert.Single(MailsTo(email));
        Assert.Contains(new Uri(portal, "Account/ResetPassword?code=").AbsoluteUri, mail.TextBody);
        Assert.DoesNotContain("evil.example", mail.TextBody + mail.HtmlBody);
    }

    [Theory]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080/")]
    [InlineData("http://[::]:8080", "http://localhost:8080/")]
    [InlineData("http://+:8080", "http://localhost:8080/")]
    [InlineData("http://*:8080", "http://localhost:8080/")]
    [InlineData("https://127.0.0.1:7001/", "https://127.0.0.1:7001/")]
    public void A_listening_address_becomes_one_a_browser_can_follow(string listening, string link) =>
        Assert.Equal(link, PublicAddress.Listening([listening])!.AbsoluteUri);

    [Fact]
    public void The_configured_address_wins_and_without_any_address_links_go_to_the_readmes()
    {
        Assert.Equal("https://loans.example.com/notifications",
            new PublicAddress(Options.Create(new PortalOptions { PublicBaseUrl = "https://loans.example.com" })).Link("notifications"));
        Assert.Equal("http://localhost:5080/Account/ResetPassword?code=a%2Bb",
            new PublicAddress(Options.Create(new PortalOptions())).Link("/Account/ResetPassword?code=a%2Bb"));
    }
}
