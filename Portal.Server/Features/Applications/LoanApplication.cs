using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Features.Catalog;
using Portal.Shared.Features.Applications;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Applications;

/// <summary>
/// A loan application, from draft to disbursement. It keeps the product version it was made under.
/// Money in minor units; the national ID only encrypted (nothing of it in plain text: with the date of
/// birth and address beside it, even its last digits would give most of it away).
/// </summary>
public class LoanApplication
{
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public int ProductId { get; set; }
    public int ProductVersionId { get; set; }
    public ProductVersion? ProductVersion { get; set; }
    public ApplicantType ApplicantType { get; set; }
    public ApplicationState State { get; set; }

    public long? AmountMinor { get; set; }
    public int? Months { get; set; }
    public RepaymentMethod? Method { get; set; }
    public string? FullName { get; set; }
    public string? NationalIdProtected { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public bool PermanentResident { get; set; }
    public string? EmployerName { get; set; }
    public int? YearsEmployed { get; set; }
    public long? MonthlyIncomeMinor { get; set; }
    public string? BusinessName { get; set; }
    public string? RegistrationNumber { get; set; }
    public IndustryRisk? Industry { get; set; }
    public int? YearsTrading { get; set; }
    public long? AnnualRevenueMinor { get; set; }
    public long? MonthlyObligationsMinor { get; set; }
    public string? Purpose { get; set; }
    public bool ConsentCreditCheck { get; set; }
    public bool ConsentPrivacy { get; set; }
    public bool ConsentMarketing { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>App-managed concurrency token: a save from a stale tab, or two staff at once, cannot both win.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<ApplicationEvent> Events { get; set; } = [];
}

/// <summary>One step of the timeline, written in the same transaction as the change it records. Never updated.</summary>
public class ApplicationEvent
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public ApplicationState State { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorId { get; set; } = "";
    /// <summary>Shown to the customer.</summary>
    public string? CustomerNote { get; set; }
    /// <summary>Staff only; never in anything the customer can read.</summary>
    public string? InternalNote { get; set; }
}

internal sealed class LoanApplicationConfiguration : IEntityTypeConfiguration<LoanApplication>
{
    public void Configure(EntityTypeBuilder<LoanApplication> b)
    {
        b.Property(a => a.Reference).HasMaxLength(20).IsRequired();
        b.HasIndex(a => a.Reference).IsUnique();
        b.Property(a => a.CustomerId).HasMaxLength(450).IsRequired();
        b.HasIndex(a => a.CustomerId);
        // One draft per customer and product, even when two tabs start one at the same moment.
        b.HasIndex(a => new { a.CustomerId, a.ProductId }).IsUnique().HasFilter("\"State\" = 'Draft'")
            .HasDatabaseName("IX_Applications_OneDraftPerProduct");
        b.HasIndex(a => a.State);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.ApplicantType).HasConversion<string>().HasMaxLength(12);
        b.Property(a => a.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Industry).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.FullName).HasMaxLength(100);
        b.Property(a => a.NationalIdProtected).HasMaxLength(1000);
        b.Property(a => a.Phone).HasMaxLength(20);
        b.Property(a => a.Address).HasMaxLength(300);
        b.Property(a => a.EmployerName).HasMaxLength(100);
        b.Property(a => a.BusinessName).HasMaxLength(150);
        b.Property(a => a.RegistrationNumber).HasMaxLength(40);
        b.Property(a => a.Purpose).HasMaxLength(500);
        b.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        b.HasOne(a => a.ProductVersion).WithMany().HasForeignKey(a => a.ProductVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApplicationEventConfiguration : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> b)
    {
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ActorId).HasMaxLength(450);
        b.Property(e => e.CustomerNote).HasMaxLength(2000);
        b.Property(e => e.InternalNote).HasMaxLength(2000);
        b.HasIndex(e => new { e.ApplicationId, e.At });
    }
}
