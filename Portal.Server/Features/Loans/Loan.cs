using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Features.Applications;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Loans;

/// <summary>A loan, created by the disbursement of an approved and signed application. Money in minor units.</summary>
public class Loan
{
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public Guid ApplicationId { get; set; }
    public string CustomerId { get; set; } = "";
    public int ProductVersionId { get; set; }
    public long PrincipalMinor { get; set; }
    /// <summary>Principal minus the fees deducted from the payout.</summary>
    public long PaidOutMinor { get; set; }
    public decimal RatePercent { get; set; }
    public int Months { get; set; }
    public RepaymentMethod Method { get; set; }
    public RiskGrade Grade { get; set; }
    public DateOnly DisbursementDate { get; set; }
    public DateTimeOffset DisbursedAt { get; set; }
    public string BankReference { get; set; } = "";
    public string DisbursedById { get; set; } = "";
    public List<LoanInstalment> Instalments { get; set; } = [];

    /// <summary>The contract's arrears terms, copied from the product version at payout.</summary>
    public int GraceDays { get; set; }
    /// <summary>The customer manager of its application, copied at payout: the dashboard reads the book without joining applications.</summary>
    public string? ManagerId { get; set; }
    /// <summary>The promotion it was written under, and the fee that promotion waived (never charged on this loan).</summary>
    public int? PromotionId { get; set; }
    public string? WaivedFeeCode { get; set; }
    public decimal PenaltyMarkupPercent { get; set; }

    public LoanStatus Status { get; set; }
    public DateOnly? ClosedOn { get; set; }
    /// <summary>Money received beyond what was owed, kept for the next instalment or refunded.</summary>
    public long CreditMinor { get; set; }
    /// <summary>All principal not yet repaid, due or not.</summary>
    public long PrincipalOutstandingMinor { get; set; }
    /// <summary>The oldest instalment's due date with anything unpaid; null once nothing is owed. The daily run's index.</summary>
    public DateOnly? NextDueDate { get; set; }

    /// <summary>The position as of <see cref="ReviewedOn"/>, written by the daily run and by every payment.</summary>
    public DateOnly? ReviewedOn { get; set; }
    public int DaysPastDue { get; set; }
    public LoanClassification Classification { get; set; }
    /// <summary>Everything due and unpaid on <see cref="ReviewedOn"/>, penalty and late fees included.</summary>
    public long ArrearsMinor { get; set; }
    public long PenaltyMinor { get; set; }
    /// <summary>The day of the last reminder, so a repeated daily run does not remind twice.</summary>
    public DateOnly? RemindedOn { get; set; }

    /// <summary>On the watch list (early warning), with the reason given.</summary>
    public string? WatchReason { get; set; }
    public DateTimeOffset? WatchedAt { get; set; }
    /// <summary>The day the loan was called in: from then on the whole remaining balance is due.</summary>
    public DateOnly? CalledInOn { get; set; }

    /// <summary>App-managed concurrency token: a payment and the daily run never overwrite each other.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>
    /// The loan an application's payout opens: the offer's terms, the product version's arrears terms, and the schedule
    /// quoted for the payout's day, stored row by row (the contract, which a later engine change cannot alter).
    /// </summary>
    public static Loan Open(LoanApplication a, OfferTerms offer, Schedule schedule, ProductDetails product, DateOnly date, DateTimeOffset paidAt,
        string bankReference, string disbursedById, string? waivedFeeCode) => new()
    {
        Id = Guid.NewGuid(),
        Reference = References.Loan(),
        ApplicationId = a.Id,
        CustomerId = a.CustomerId,
        ProductVersionId = a.ProductVersionId,
        PrincipalMinor = Money.ToMinor(offer.Amount),
        PaidOutMinor = Money.ToMinor(schedule.AmountPaidOut),
        RatePercent = offer.RatePercent,
        Months = offer.Months,
        Method = offer.Method,
        Grade = offer.Grade,
        DisbursementDate = date,
        DisbursedAt = paidAt.ToUniversalTime(),
        BankReference = bankReference,
        DisbursedById = disbursedById,
        GraceDays = product.GraceDays,
        PenaltyMarkupPercent = product.PenaltyMarkupPercent,
        PromotionId = a.PromotionId,
        ManagerId = a.ManagerId,
        WaivedFeeCode = waivedFeeCode,
        Status = LoanStatus.Active,
        PrincipalOutstandingMinor = Money.ToMinor(offer.Amount),
        NextDueDate = schedule.Rows[0].DueDate,
        ReviewedOn = date,
        Instalments = schedule.Rows.Select(r => new LoanInstalment
        {
            Number = r.Number, DueDate = r.DueDate,
            PrincipalMinor = Money.ToMinor(r.Principal), InterestMinor = Money.ToMinor(r.Interest), FeeMinor = Money.ToMinor(r.Fee),
        }).ToList(),
    };
}

public enum LoanStatus { Active, Closed }

public static class Loans
{
    /// <summary>The loan an application's payout created, if any: what the customer's and the staff's views show.</summary>
    public static Task<Portal.Shared.Features.Applications.LoanSummary?> LoanOfAsync(this Data.PortalDbContext db, Guid applicationId, CancellationToken ct) =>
        db.Loans.AsNoTracking().Where(l => l.ApplicationId == applicationId)
            .Select(l => new Portal.Shared.Features.Applications.LoanSummary(l.Id, l.Reference, Money.FromMinor(l.PrincipalMinor), Money.FromMinor(l.PaidOutMinor), l.DisbursedAt, l.BankReference))
            .FirstOrDefaultAsync(ct);
}

/// <summary>One scheduled instalment, from the engine's schedule at disbursement.</summary>
public class LoanInstalment
{
    public long Id { get; set; }
    public Guid LoanId { get; set; }
    public int Number { get; set; }
    public DateOnly DueDate { get; set; }
    public long PrincipalMinor { get; set; }
    public long InterestMinor { get; set; }
    public long FeeMinor { get; set; }

    /// <summary>What has been settled so far (the engine's <see cref="InstalmentPaid"/>), cumulative.</summary>
    public long PaidPrincipalMinor { get; set; }
    public long PaidInterestMinor { get; set; }
    public long PaidFeeMinor { get; set; }
    public long PaidLateFeeMinor { get; set; }
    public long PaidPenaltyMinor { get; set; }
    public long PenaltyAccruedMinor { get; set; }
    public DateOnly? PenaltyAccruedThrough { get; set; }
    public long InterestWaivedMinor { get; set; }
    public long FeeWaivedMinor { get; set; }
}

internal sealed class LoanConfiguration : IEntityTypeConfiguration<Loan>
{
    public void Configure(EntityTypeBuilder<Loan> b)
    {
        b.Property(l => l.Reference).HasMaxLength(20).IsRequired();
        b.HasIndex(l => l.Reference).IsUnique();
        // One loan per application, even if two disbursements race.
        b.HasIndex(l => l.ApplicationId).IsUnique();
        b.HasOne<LoanApplication>().WithMany().HasForeignKey(l => l.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(l => l.CustomerId).HasMaxLength(450);
        b.HasIndex(l => l.CustomerId);
        b.HasIndex(l => l.PromotionId);
        // The dashboard's payouts of a period and its book, covered so they never touch the table; and one manager's loans.
        b.HasIndex(l => new { l.DisbursedAt, l.ProductVersionId, l.ManagerId, l.PromotionId, l.PrincipalMinor }).HasDatabaseName("IX_Loans_Dashboard_PaidOut");
        b.HasIndex(l => new { l.Status, l.ProductVersionId, l.ManagerId, l.PromotionId, l.PrincipalOutstandingMinor, l.DaysPastDue, l.Classification })
            .HasDatabaseName("IX_Loans_Dashboard_Book");
        b.HasIndex(l => l.ManagerId);
        b.Property(l => l.ManagerId).HasMaxLength(450);
        b.Property(l => l.WaivedFeeCode).HasMaxLength(40);
        b.Property(l => l.RatePercent).HasPrecision(9, 4);
        b.Property(l => l.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.Grade).HasConversion<string>().HasMaxLength(1);
        b.Property(l => l.BankReference).HasMaxLength(60);
        b.Property(l => l.DisbursedById).HasMaxLength(450);
        b.HasMany(l => l.Instalments).WithOne().HasForeignKey(i => i.LoanId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.PenaltyMarkupPercent).HasPrecision(9, 4);
        b.Property(l => l.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(l => l.Classification).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.ConcurrencyStamp).IsConcurrencyToken();
        b.Property(l => l.WatchReason).HasMaxLength(1000);
        // The daily run reads only the loans with something due by the run date.
        b.HasIndex(l => l.NextDueDate);
        // The collections queue: overdue loans, most days past due first.
        b.HasIndex(l => new { l.DaysPastDue, l.Id });
    }
}

internal sealed class LoanInstalmentConfiguration : IEntityTypeConfiguration<LoanInstalment>
{
    public void Configure(EntityTypeBuilder<LoanInstalment> b) => b.HasIndex(i => new { i.LoanId, i.Number }).IsUnique();
}
