using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Infrastructure.Email;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Messages;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Platform;

/// <summary>The portal sending through SMTP (MailKit) to a server the test starts and stops.</summary>
public sealed class SmtpFactory : PortalFactory
{
    public TestSmtp Smtp { get; } = new();

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Email:Mode", "Smtp"),
        ("Email:Smtp:Host", "127.0.0.1"),
        ("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Email:Smtp:TimeoutSeconds", "5"),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>Email that cannot be sent now is sent later, exactly once.</summary>
public sealed class EmailOutboxTests(SmtpFactory app) : IClassFixture<SmtpFactory>
{
    private async Task<List<OutboxEmail>> OutboxAsync(IEnumerable<string> to)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var list = to.ToList();
        return await db.Set<OutboxEmail>().AsNoTracking().Where(e => list.Contains(e.To)).ToListAsync();
    }

    private async Task<string> ForgotPasswordAsync()
    {
        var email = await app.CreateUserAsync(Roles.Customer);
        var client = app.CreateBrowserlessClient();
        await client.SubmitAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        return email;
    }

    [Fact]
    public async Task With_the_mail_server_down_emails_wait_and_when_it_is_back_each_is_delivered_exactly_once()
    {
        await app.Smtp.StopAsync();
        var sender = app.Services.GetRequiredService<EmailOutboxSender>();
        var people = new List<string>();
        for (var i = 0; i < 3; i++) people.Add(await ForgotPasswordAsync());

        // Down: each try fails, the email waits with the error recorded, nothing is lost.
        await sender.SendDueAsync(CancellationToken.None);
        var waiting = await OutboxAsync(people);
        Assert.Equal(3, waiting.Count);
        Assert.All(waiting, e => Assert.True(e.Status == OutboxStatus.Pending && e.Attempts >= 1 && e.LastError is not null && e.NextAttemptAt > app.Clock.GetUtcNow()));

        // Back: not before the wait is over; then every email once, even with several senders at the same time.
        app.Smtp.Start();
        await sender.SendDueAsync(CancellationToken.None);
        Assert.DoesNotContain(app.Smtp.Received, m => people.Contains(m.To.Mailboxes.Single().Address));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => sender.SendDueAsync(CancellationToken.None)));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await sender.SendDueAsync(CancellationToken.None);

        var sent = await OutboxAsync(people);
        Assert.All(sent, e => Assert.Equal(OutboxStatus.Sent, e.Status));
        foreach (var e in sent)
            Assert.Single(app.Smtp.Received, m => m.MessageId == e.MessageId);
        Assert.Equal(3, app.Smtp.Received.Count(m => people.Contains(m.To.Mailboxes.Single().Address)));

        // Administrators see the outbox; customers do not.
        var admin = app.CreateBrowserlessClient();
        await admin.SignInAsync("admin@demo.portal");
        var view = await Applications.Applicants.Read<OutboxView>(await admin.GetAsync("/api/staff/email-outbox"));
        Assert.True(view.Sent >= 3);
        var customer = await app.SignedInAsync(Roles.Customer);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await customer.GetAsync("/api/staff/email-outbox")).StatusCode);
    }

    [Fact]
    public async Task An_email_that_keeps_failing_is_marked_failed_and_can_be_sent_again()
    {
        await app.Smtp.StopAsync();
        var sender = app.Services.GetRequiredService<EmailOutboxSender>();
        var person = await ForgotPasswordAsync();
        for (var i = 0; i < 12; i++)
        {
            await sender.SendDueAsync(CancellationToken.None);
            app.Clock.Advance(TimeSpan.FromDays(2));
        }

        var failed = Assert.Single(await OutboxAsync([person]));
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(12, failed.Attempts);

        app.Smtp.Start();
        var admin = app.CreateBrowserlessClient();
        await admin.SignInAsync("admin@demo.portal");
        await Applications.Applicants.Read<OutboxView>(await admin.SendAsync(Api.Post($"/api/staff/email-outbox/{failed.Id}/retry", new { })));
        await sender.SendDueAsync(CancellationToken.None);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxAsync([person])).Status);
        Assert.Single(app.Smtp.Received, m => m.MessageId == failed.MessageId);
    }
}
