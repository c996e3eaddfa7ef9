using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Messages;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Complaints;

public class ComplaintMessage
{
    public long Id { get; set; }
    public Guid ComplaintId { get; set; }
    public string AuthorId { get; set; } = "";
    public bool FromStaff { get; set; }
    public string Text { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class ComplaintMessageConfiguration : IEntityTypeConfiguration<ComplaintMessage>
{
    public void Configure(EntityTypeBuilder<ComplaintMessage> b)
    {
        b.Property(m => m.AuthorId).HasMaxLength(450);
        b.Property(m => m.Text).HasMaxLength(4000);
    }
}
