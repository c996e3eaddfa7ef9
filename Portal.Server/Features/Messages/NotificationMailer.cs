using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Client;
using Portal.Server.Data;
using Portal.Server.Infrastructure;
using Portal.Server.Infrastructure.Email;

namespace Portal.Server.Features.Messages;

public sealed class NotificationMailOptions
{
    /// <summary>Off only where the caller writes the emails itself, at the moment it chooses (the integration tests).</summary>
    public bool RunInBackground { get; set; } = true;
    public double PollSeconds { get; set; } = 2;
    /// <summary>A claim older than this is taken to be from an instance that died while sending.</summary>
    public double ClaimMinutes { get; set; } = 5;
    /// <summary>Tries before a notification's email is left unsent (the wait doubles from 30 s: the last try is about a day later).</summary>
    public int MaxAttempts { get; set; } = 12;
}

/// <summary>
/// Writes the "something new" emails of notifications into the email outbox, in the person's language, with
/// nothing of the news itself (it may be read by anyone who sees the inbox): only the link to sign in. Each
/// notification is claimed with a conditional update first, so two instances never write the same one.
/// </summary>
public sealed class NotificationMailer(IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationMailOptions> options,
    ILogger<NotificationMailer> log) : PollingService(clock, log)
{
    protected override bool Enabled => options.Value.RunInBackground;
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.PollSeconds);
    protected override string FailureMessage => "Notification emails could not be sent now; they are retried.";
    protected override Task RunOnceAsync(CancellationToken ct) => SendDueAsync(ct);

    /// <summary>Writes the emails of notifications due now into the outbox; returns how many.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var l = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Strings>>();
        var links = scope.ServiceProvider.GetRequiredService<PublicAddress>();
        var o = options.Value;
        var now = Clock.GetUtcNow();
        var stale = now.AddMinutes(-o.ClaimMinutes);
        var due = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.Email && n.EmailedAt == null && n.EmailAttempts < o.MaxAttempts && (n.EmailClaimedAt == null || n.EmailClaimedAt < stale)
                && (n.NextEmailAt == null || n.NextEmailAt <= now))
            .OrderBy(n => n.Id).Take(50)
            .Select(n => new { n.Id, n.EmailClaimedAt, n.UserId })
            .ToListAsync(ct);
        var queued = 0;
        foreach (var n in due)
        {
            // Only the instance whose update changes the row writes its email.
            var claimed = await db.Set<Notification>().Where(x => x.Id == n.Id && x.EmailedAt == null && x.EmailClaimedAt == n.EmailClaimedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailClaimedAt, now).SetProperty(x => x.EmailAttempts, x => x.EmailAttempts + 1), ct);
            if (claimed != 1) continue;
            // One "something new" until the person has looked: later news rides on the email already sent.
            var alreadyTold = await db.Set<Notification>().AnyAsync(x => x.UserId == n.UserId && x.Id != n.Id && x.ReadAt == null && x.EmailedAt != null, ct);
            var person = await db.Users.AsNoTracking().Where(u => u.Id == n.UserId).Select(u => new { u.Email, u.PreferredCulture }).FirstOrDefaultAsync(ct);
            // The email and the mark that it exists are written together: neither without the other.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!alreadyTold && person?.Email is { } email)
            {
                db.Enqueue(Compose(l, email, person.PreferredCulture, links), "Notification", now);
                queued++;
            }
            await db.SaveChangesAsync(ct);
            await db.Set<Notification>().Where(x => x.Id == n.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailedAt, now), ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
        return queued;
    }

    private static EmailMessage Compose(IStringLocalizer<Strings> l, string email, string culture, PublicAddress links) => InCulture.Run(culture, () =>
    {
        var link = links.Link("notifications");
        var body = l["EmailSomethingNewBody"].Value;
        return new EmailMessage(email, l["EmailSomethingNewSubject"], $"{body}\n\n{link}\n",
            $"<p>{HtmlEncoder.Default.Encode(body)}</p><p><a href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>");
    });
}
