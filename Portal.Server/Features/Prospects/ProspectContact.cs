using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Shared.Features.Prospects;

namespace Portal.Server.Features.Prospects;

/// <summary>One contact with a prospect (or a visitor's own request to be contacted), with its outcome and the next step.</summary>
public class ProspectContact
{
    public long Id { get; set; }
    public Guid ProspectId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The member of staff; both empty for a visitor's own request from the site (pages name the visitor in the reader's language).</summary>
    public string StaffId { get; set; } = "";
    public string StaffName { get; set; } = "";
    public ProspectChannel Channel { get; set; }
    public ProspectOutcome? Outcome { get; set; }
    public string? Note { get; set; }
    public DateOnly? NextStepOn { get; set; }
    public string? NextStep { get; set; }
}

internal sealed class ProspectContactConfiguration : IEntityTypeConfiguration<ProspectContact>
{
    public void Configure(EntityTypeBuilder<ProspectContact> b)
    {
        b.ToTable("ProspectContacts");
        b.HasOne<Prospect>().WithMany().HasForeignKey(c => c.ProspectId).HasPrincipalKey(p => p.Id).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.ProspectId, c.At });
        b.HasIndex(c => new { c.StaffId, c.At });
        b.Property(c => c.StaffId).HasMaxLength(450);
        b.Property(c => c.StaffName).HasMaxLength(256);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Note).HasMaxLength(2000);
        b.Property(c => c.NextStep).HasMaxLength(200);
    }
}
