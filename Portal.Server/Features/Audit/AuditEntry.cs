using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;

namespace Portal.Server.Features.Audit;

/// <summary>
/// One staff action or state change: who, what, when, before and after. Added to the same
/// SaveChanges as the change itself, so neither exists without the other. Never updated or
/// deleted: the context refuses it, and database triggers refuse it from anywhere else.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorId { get; set; } = "";
    /// <summary>The actor's name as it was then, so the log reads on its own.</summary>
    public string ActorName { get; set; } = "";
    public string Action { get; set; } = "";
    /// <summary>What was acted on ("Application", "User") and its id.</summary>
    public string Subject { get; set; } = "";
    public string SubjectId { get; set; } = "";
    /// <summary>A human reference (an application's "HB-…"), for searching.</summary>
    public string? Reference { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Adds the entry to the context's pending changes: it is written by the caller's SaveChanges, or not at all.</summary>
    public static void Record(this PortalDbContext db, DateTimeOffset at, (string Id, string Name) actor, string action,
        string subject, string subjectId, string? reference, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            Subject = subject,
            SubjectId = subjectId,
            Reference = reference,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });

    /// <summary>The caller as the log names them: their id and display name as it is now.</summary>
    public static async Task<(string Id, string Name)> ActorAsync(this PortalDbContext db, Portal.Server.Infrastructure.ICurrentUser user, CancellationToken ct)
    {
        var id = user.Id!;
        return (id, await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? user.Name ?? id);
    }

    /// <summary>Refuses any change to an entry already written, whatever code asks for it.</summary>
    public static void GuardAppendOnly(PortalDbContext db)
    {
        if (db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("The audit log is append-only.");
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.Property(e => e.ActorId).HasMaxLength(450);
        b.Property(e => e.ActorName).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(40);
        b.Property(e => e.Subject).HasMaxLength(40);
        b.Property(e => e.SubjectId).HasMaxLength(450);
        b.Property(e => e.Reference).HasMaxLength(20);
        b.Property(e => e.Before).HasMaxLength(8000);
        b.Property(e => e.After).HasMaxLength(8000);
        // The supervisor's view reads newest first, by actor, by subject or by reference.
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.ActorId, e.At });
        b.HasIndex(e => new { e.SubjectId, e.At });
        b.HasIndex(e => e.Reference);
    }
}
