using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Server.Infrastructure.Email;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Server.Tests.Platform;

/// <summary>The production mail adapter against a real SMTP server started by the test.</summary>
public sealed class SmtpMailerTests
{
    private sealed class Inbox : MessageStore
    {
        public readonly List<MimeMessage> Messages = [];

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            lock (Messages) Messages.Add(MimeMessage.Load(stream));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Smtp_mailer_delivers_subject_body_and_recipient()
    {
        var port = FreePort();
        var inbox = new Inbox();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(inbox);
        var server = new SmtpServer.SmtpServer(options, services);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = server.StartAsync(stop.Token);

        var mailer = new SmtpMailer(Options.Create(new EmailOptions { Mode = "Smtp", SmtpHost = "127.0.0.1", SmtpPort = port, From = "Portal <no-reply@portal.example>" }));
        await mailer.SendAsync(new EmailMessage("someone@test.portal", "Confirm your email address", "Open this link", "<p>Open this link</p>"));

        stop.Cancel();
        await running;
        var message = Assert.Single(inbox.Messages);
        Assert.Equal("Confirm your email address", message.Subject);
        Assert.Equal("someone@test.portal", message.To.Mailboxes.Single().Address);
        Assert.Contains("Open this link", message.TextBody);
    }
}
