using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Features.Loans;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Payments;

/// <summary>
/// One attempt to pay a loan through a gateway. It is created Pending before the customer leaves for the checkout
/// and becomes Succeeded exactly once, when the gateway confirms the money (Stripe's signed webhook, or the
/// test-mode gateway's own page). Its lines say where the money went.
/// </summary>
public class Payment
{
    public Guid Id { get; set; }
    /// <summary>The receipt number the customer sees.</summary>
    public string Reference { get; set; } = "";
    public Guid LoanId { get; set; }
    public string CustomerId { get; set; } = "";
    public PaymentKind Kind { get; set; }
    /// <summary>For an instalment payment: the instalment the customer chose.</summary>
    public int? InstalmentNumber { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public PaymentGateway Gateway { get; set; }
    public PaymentStatus Status { get; set; }
    public string? GatewaySessionId { get; set; }
    public string? GatewayPaymentId { get; set; }
    public string? CheckoutUrl { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Posting: the lender's day the money counts from, and what the money paid beyond instalments.</summary>
    public DateOnly? ValueDate { get; set; }
    public long ReceivedMinor { get; set; }
    public long PrincipalPrepaidMinor { get; set; }
    public long CreditMinor { get; set; }
    public long AccruedInterestMinor { get; set; }
    public long EarlyRepaymentFeeMinor { get; set; }
    public bool ClosedLoan { get; set; }
    public List<PaymentLine> Lines { get; set; } = [];
}

/// <summary>The part of a payment that went to one component of one instalment.</summary>
public class PaymentLine
{
    public long Id { get; set; }
    public Guid PaymentId { get; set; }
    public int InstalmentNumber { get; set; }
    public AllocationComponent Component { get; set; }
    public long AmountMinor { get; set; }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.Property(p => p.Reference).HasMaxLength(20).IsRequired();
        b.HasIndex(p => p.Reference).IsUnique();
        b.HasOne<Loan>().WithMany().HasForeignKey(p => p.LoanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.LoanId, p.CreatedAt });
        // At most one open checkout per loan, even when two starts race: the second insert fails.
        b.HasIndex(p => p.LoanId).IsUnique().HasFilter("\"Status\" = 'Pending'").HasDatabaseName("IX_Payments_OneOpenPerLoan");
        b.Property(p => p.CustomerId).HasMaxLength(450);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.Gateway).HasConversion<string>().HasMaxLength(10);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.GatewaySessionId).HasMaxLength(255);
        b.HasIndex(p => p.GatewaySessionId);
        b.Property(p => p.GatewayPaymentId).HasMaxLength(255);
        b.Property(p => p.CheckoutUrl).HasMaxLength(2000);
        b.Property(p => p.FailureReason).HasMaxLength(300);
        b.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.PaymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaymentLineConfiguration : IEntityTypeConfiguration<PaymentLine>
{
    public void Configure(EntityTypeBuilder<PaymentLine> b) => b.Property(l => l.Component).HasConversion<string>().HasMaxLength(20);
}
