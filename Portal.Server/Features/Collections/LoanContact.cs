using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Loans;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Messages;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Collections;

/// <summary>One entry of a loan's contact log; a promise to pay is part of the contact in which it was made.</summary>
public class LoanContact
{
    public long Id { get; set; }
    public Guid LoanId { get; set; }
    public DateTimeOffset At { get; set; }
    public string StaffId { get; set; } = "";
    public string StaffName { get; set; } = "";
    public ContactChannel Channel { get; set; }
    public string Note { get; set; } = "";
    public DateOnly? PromiseDate { get; set; }
    public long? PromiseAmountMinor { get; set; }
}

internal sealed class LoanContactConfiguration : IEntityTypeConfiguration<LoanContact>
{
    public void Configure(EntityTypeBuilder<LoanContact> b)
    {
        b.HasOne<Loan>().WithMany().HasForeignKey(c => c.LoanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.LoanId, c.At });
        b.Property(c => c.StaffId).HasMaxLength(450);
        b.Property(c => c.StaffName).HasMaxLength(256);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.Note).HasMaxLength(2000);
    }
}
