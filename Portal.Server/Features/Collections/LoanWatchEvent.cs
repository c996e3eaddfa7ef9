using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Loans;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Collections;

/// <summary>Watch-list and disposal history of a loan.</summary>
public class LoanWatchEvent
{
    public long Id { get; set; }
    public Guid LoanId { get; set; }
    public DateTimeOffset At { get; set; }
    public string StaffId { get; set; } = "";
    public string StaffName { get; set; } = "";
    public string Action { get; set; } = "";
    public string Reason { get; set; } = "";
    public long? AmountMinor { get; set; }
}

internal sealed class LoanWatchEventConfiguration : IEntityTypeConfiguration<LoanWatchEvent>
{
    public void Configure(EntityTypeBuilder<LoanWatchEvent> b)
    {
        b.HasOne<Loan>().WithMany().HasForeignKey(c => c.LoanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.LoanId, c.At });
        b.Property(c => c.StaffId).HasMaxLength(450);
        b.Property(c => c.StaffName).HasMaxLength(256);
        b.Property(c => c.Action).HasMaxLength(30);
        b.Property(c => c.Reason).HasMaxLength(1000);
    }
}
