using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Messages;

namespace Portal.Server.Features.Messages;

/// <summary>
/// Something new for a person, shown under the bell. Written in the same transaction as what it
/// announces; when <see cref="Email"/> is set, the notification mailer sends a short "something new"
/// email from it (this table is that email's outbox: it cannot be lost, and is claimed before sending).
/// </summary>
public class Notification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public NotificationKind Kind { get; set; }
    public string? Reference { get; set; }
    public ApplicationState? State { get; set; }
    public string Link { get; set; } = "";
    public DateTimeOffset? ReadAt { get; set; }
    public bool Email { get; set; }
    public DateTimeOffset? EmailClaimedAt { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
    public int EmailAttempts { get; set; }
    /// <summary>After a failed try, not before this time (the wait doubles with each try).</summary>
    public DateTimeOffset? NextEmailAt { get; set; }

    /// <summary>A new notification, to be saved with what it announces.</summary>
    public static Notification For(string userId, NotificationKind kind, string link, DateTimeOffset at, bool email,
        string? reference = null, ApplicationState? state = null) =>
        new() { UserId = userId, Kind = kind, Link = link, At = at, Email = email, Reference = reference, State = state };
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.State).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.Reference).HasMaxLength(20);
        b.Property(n => n.Link).HasMaxLength(200);
        b.HasIndex(n => new { n.UserId, n.At });
        b.HasIndex(n => new { n.UserId, n.ReadAt });
        b.HasIndex(n => new { n.Email, n.EmailedAt });
    }
}
