using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Features.Applications;

namespace Portal.Server.Features.Casework;

/// <summary>An internal note on an application. Staff only: no customer query ever reads this table.</summary>
public class StaffNote
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public string AuthorId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Text { get; set; } = "";
}

internal sealed class StaffNoteConfiguration : IEntityTypeConfiguration<StaffNote>
{
    public void Configure(EntityTypeBuilder<StaffNote> b)
    {
        b.Property(n => n.AuthorId).HasMaxLength(450);
        b.Property(n => n.Text).HasMaxLength(2000);
        b.HasIndex(n => new { n.ApplicationId, n.At });
        b.HasOne<LoanApplication>().WithMany().HasForeignKey(n => n.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}
