using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Complaints;

/// <summary>A customer's complaint: a case with a deadline for the final answer, handled by staff to a resolution.</summary>
public class Complaint
{
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public ComplaintCategory Category { get; set; }
    public string Description { get; set; } = "";
    public Guid? ApplicationId { get; set; }
    public Guid? LoanId { get; set; }
    public ComplaintStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueBy { get; set; }
    public string? AssigneeId { get; set; }
    /// <summary>The first answer from staff: the dashboard's response time.</summary>
    public DateTimeOffset? FirstResponseAt { get; set; }
    public string? Resolution { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedById { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
    public List<ComplaintMessage> Messages { get; set; } = [];
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.HasIndex(c => c.Reference).IsUnique();
        b.Property(c => c.Reference).HasMaxLength(20);
        b.Property(c => c.CustomerId).HasMaxLength(450);
        b.Property(c => c.AssigneeId).HasMaxLength(450);
        b.Property(c => c.ResolvedById).HasMaxLength(450);
        b.Property(c => c.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Description).HasMaxLength(4000);
        b.Property(c => c.Resolution).HasMaxLength(4000);
        b.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        b.HasIndex(c => new { c.CustomerId, c.CreatedAt });
        // The queue (open first, soonest due) and the dashboard (by period).
        b.HasIndex(c => new { c.Status, c.DueBy });
        b.HasIndex(c => c.CreatedAt);
        b.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}
