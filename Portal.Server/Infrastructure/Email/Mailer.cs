using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Server.Infrastructure.Email;

/// <param name="MessageId">The Message-ID header; the outbox fixes it once, so a message sent again is recognisable as the same.</param>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null, string? MessageId = null)
{
    /// <summary>A one-click unsubscribe address (RFC 8058) for marketing email; mail apps show their own button for it.</summary>
    public string? ListUnsubscribe { get; init; }
}

/// <summary>Sends an email: over SMTP in production, into a local folder on a laptop.</summary>
public interface IMailer
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public sealed class EmailOptions
{
    /// <summary>Folder (default: .eml files under <see cref="Folder"/>) or Smtp.</summary>
    public string Mode { get; set; } = "Folder";
    public string Folder { get; set; } = "App_Data/mail";
    public string From { get; set; } = "Portal <no-reply@portal.example>";
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary><c>Email:Smtp:*</c>.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public bool StartTls { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>How long to wait for the server before counting the try as failed.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

internal static class Mime
{
    public static MimeMessage Build(EmailMessage message, string from)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        if (message.MessageId is not null) mime.MessageId = message.MessageId;
        if (message.ListUnsubscribe is { } unsubscribe)
        {
            mime.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }
}

public sealed class SmtpMailer(IOptions<EmailOptions> options) : IMailer
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        await client.ConnectAsync(o.Host, o.Port, o.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.User)) await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
        await client.SendAsync(Mime.Build(message, options.Value.From), ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>Writes each email as an .eml file; the Development mailbox page lists them.</summary>
public sealed class FolderMailer(IOptions<EmailOptions> options, IHostEnvironment env, TimeProvider clock) : IMailer
{
    public string Folder => Path.GetFullPath(options.Value.Folder, env.ContentRootPath);

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{clock.GetUtcNow():yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml");
        // Written under another name, then renamed: whoever lists the .eml files never reads half of one.
        await using (var file = File.Create(path + ".part"))
            await Mime.Build(message, options.Value.From).WriteToAsync(file, ct);
        File.Move(path + ".part", path);
    }

    public IReadOnlyList<(string File, MimeMessage Message)> ReadAll()
    {
        if (!Directory.Exists(Folder)) return [];
        return Directory.GetFiles(Folder, "*.eml").OrderByDescending(f => f)
            .Select(f => (Path.GetFileName(f), MimeMessage.Load(f))).ToList();
    }
}

public static class EmailSetup
{
    public static IHostApplicationBuilder AddPortalEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection("Email"));
        var mode = builder.Configuration["Email:Mode"] ?? "Folder";
        builder.Services.AddSingleton<FolderMailer>();
        if (mode.Equals("Smtp", StringComparison.OrdinalIgnoreCase))
            builder.Services.AddSingleton<IMailer, SmtpMailer>();
        else
            builder.Services.AddSingleton<IMailer>(sp => sp.GetRequiredService<FolderMailer>());
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Email:Outbox"));
        builder.Services.AddSingleton<EmailOutboxSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmailOutboxSender>());
        return builder;
    }
}
