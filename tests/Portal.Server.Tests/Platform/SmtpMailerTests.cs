using Microsoft.Extensions.Options;
using Portal.Server.Infrastructure.Email;
using Portal.Server.Tests.Infrastructure;

namespace Portal.Server.Tests.Platform;

/// <summary>The production mail adapter against a real SMTP server started by the test.</summary>
public sealed class SmtpMailerTests
{
    [Fact]
    public async Task Smtp_mailer_delivers_subject_body_recipient_and_the_outbox_message_id()
    {
        await using var smtp = new TestSmtp();
        smtp.Start();

        var mailer = new SmtpMailer(Options.Create(new EmailOptions { Mode = "Smtp", Smtp = new() { Host = "127.0.0.1", Port = smtp.Port }, From = "Portal <no-reply@portal.example>" }));
        await mailer.SendAsync(new EmailMessage("someone@test.portal", "Confirm your email address", "Open this link", "<p>Open this link</p>", "abc123@portal"));

        await smtp.StopAsync();
        var message = Assert.Single(smtp.Received);
        Assert.Equal("Confirm your email address", message.Subject);
        Assert.Equal("someone@test.portal", message.To.Mailboxes.Single().Address);
        Assert.Contains("Open this link", message.TextBody);
        Assert.Equal("abc123@portal", message.MessageId);
    }
}
