using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Shared.Features.Messages;

namespace Portal.Server.Infrastructure.Email;

/// <summary>
/// One email to send. Every email the portal sends is first a row here, added to the same SaveChanges as the change
/// that causes it, so it is never lost; <see cref="EmailOutboxSender"/> delivers it. <see cref="MessageId"/> is fixed
/// when the row is written, so a receiving server can recognise the message if it ever arrives twice.
/// </summary>
public class OutboxEmail
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    public string? ListUnsubscribe { get; set; }
    public string MessageId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>Not before this time: the wait after a failure doubles with each try.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>Set by the instance sending it; a claim older than the limit is taken to be from an instance that died.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("EmailOutbox");
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.To).HasMaxLength(256);
        b.Property(e => e.Subject).HasMaxLength(300);
        b.Property(e => e.MessageId).HasMaxLength(200);
        b.Property(e => e.ListUnsubscribe).HasMaxLength(1000);
        b.HasIndex(e => e.MessageId).IsUnique();
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(e => e.LastError).HasMaxLength(1000);
        // The sender's question: what is pending and due, oldest first.
        b.HasIndex(e => new { e.Status, e.NextAttemptAt, e.Id });
    }
}

public sealed class OutboxOptions
{
    /// <summary>Off only where the caller sends the outbox itself, at the moment it chooses (the integration tests).</summary>
    public bool RunInBackground { get; set; } = true;
    public double PollSeconds { get; set; } = 2;
    /// <summary>
    /// A claim older than this is taken to be from an instance that died, or that could not record the result because the
    /// database went away: the email is sent again (with the same Message-ID). Longer than an SMTP timeout.
    /// </summary>
    public double ClaimMinutes { get; set; } = 5;
    /// <summary>The wait after the first failed try; it doubles with each further one.</summary>
    public double RetrySeconds { get; set; } = 30;
    /// <summary>Tries before an email is marked failed (the wait doubles from 30 s: the last try is about a day after the first).</summary>
    public int MaxAttempts { get; set; } = 12;
}

public static class EmailOutbox
{
    /// <summary>Adds the email to the context's pending changes: it is written with the caller's change, or not at all.</summary>
    public static OutboxEmail Enqueue(this PortalDbContext db, EmailMessage message, string kind, DateTimeOffset now)
    {
        var email = new OutboxEmail
        {
            Kind = kind, To = message.To, Subject = message.Subject, TextBody = message.TextBody, HtmlBody = message.HtmlBody,
            ListUnsubscribe = message.ListUnsubscribe,
            MessageId = $"{Guid.NewGuid():N}@portal", CreatedAt = now, Status = OutboxStatus.Pending, NextAttemptAt = now,
        };
        db.Add(email);
        return email;
    }
}

/// <summary>
/// Delivers the outbox: claims each due email with a conditional update (so two instances never send the same
/// one), sends it through <see cref="IMailer"/>, and records the result. A failure waits 30 s, 1 min, 2 min, … before
/// the next try, and after <see cref="OutboxOptions.MaxAttempts"/> the email is marked failed for staff to see.
/// </summary>
public sealed class EmailOutboxSender(IServiceScopeFactory scopes, IMailer mailer, TimeProvider clock, IOptions<OutboxOptions> options,
    ILogger<EmailOutboxSender> log) : PollingService(clock, log)
{
    protected override bool Enabled => options.Value.RunInBackground;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.PollSeconds);
    protected override string FailureMessage => "The email outbox could not be read now; it is tried again.";
    protected override Task RunOnceAsync(CancellationToken ct) => SendDueAsync(ct);

    /// <summary>Sends what is due now; returns how many went out.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var o = options.Value;
        var now = Clock.GetUtcNow();
        var stale = now.AddMinutes(-o.ClaimMinutes);
        var due = await db.Set<OutboxEmail>().AsNoTracking()
            .Where(e => e.Status == OutboxStatus.Pending && e.NextAttemptAt <= now && (e.ClaimedAt == null || e.ClaimedAt < stale))
            .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id).Take(50)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var e in due)
        {
            // Only the instance whose update changes the row sends it.
            var claimed = await db.Set<OutboxEmail>().Where(x => x.Id == e.Id && x.Status == OutboxStatus.Pending && x.ClaimedAt == e.ClaimedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedAt, now).SetProperty(x => x.Attempts, x => x.Attempts + 1), ct);
            if (claimed != 1) continue;
            try
            {
                await mailer.SendAsync(new EmailMessage(e.To, e.Subject, e.TextBody, e.HtmlBody, e.MessageId) { ListUnsubscribe = e.ListUnsubscribe }, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var attempts = e.Attempts + 1;
                var failed = attempts >= o.MaxAttempts;
                var wait = TimeSpan.FromSeconds(o.RetrySeconds * Math.Pow(2, attempts - 1));
                var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                await db.Set<OutboxEmail>().Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.ClaimedAt, (DateTimeOffset?)null)
                    .SetProperty(x => x.NextAttemptAt, now + wait)
                    .SetProperty(x => x.LastError, error)
                    .SetProperty(x => x.Status, failed ? OutboxStatus.Failed : OutboxStatus.Pending), CancellationToken.None);
                Log.LogWarning(ex, "Email {Id} failed (try {Try}){Final}.", e.Id, attempts, failed ? "; given up" : $"; next try in {wait}");
                continue;
            }

            // Sent: recorded apart from the sending, so a failure to record it is not taken for a failure to send
            // (the claim then holds it back until it is stale). The body goes: it may hold a sign-in or reset link.
            await db.Set<OutboxEmail>().Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, OutboxStatus.Sent).SetProperty(x => x.SentAt, Clock.GetUtcNow()).SetProperty(x => x.LastError, (string?)null)
                .SetProperty(x => x.TextBody, "").SetProperty(x => x.HtmlBody, (string?)null), ct);
            sent++;
        }

        return sent;
    }
}
