using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Shared.Features.Promotions;

namespace Portal.Server.Features.Promotions;

/// <summary>
/// A promotion. Marketing edits it as a draft; once published its terms never change (applications priced with it
/// point here), it can only be ended, or given Chinese text where it has none yet. Its texts are in English and
/// (the <c>…Zh</c> columns) Simplified Chinese. <see cref="SignUps"/> is the count the capacity is checked against in SQL.
/// </summary>
public class Promotion
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string TitleZh { get; set; } = "";
    public string Summary { get; set; } = "";
    public string SummaryZh { get; set; } = "";
    /// <summary>Sanitized when saved (both languages).</summary>
    public string DescriptionHtml { get; set; } = "";
    public string DescriptionHtmlZh { get; set; } = "";
    public string Terms { get; set; } = "";
    public string TermsZh { get; set; } = "";
    public PromotionKind Kind { get; set; }
    public int DiscountBasisPoints { get; set; }
    public string? WaivedFeeCode { get; set; }
    public string? Gift { get; set; }
    public string? GiftZh { get; set; }
    public List<int> ProductIds { get; set; } = [];
    public bool NewCustomersOnly { get; set; }
    public long? MinAmountMinor { get; set; }
    public DateTimeOffset SignUpFrom { get; set; }
    public DateTimeOffset SignUpUntil { get; set; }
    public int? Capacity { get; set; }
    public int SignUps { get; set; }
    public long Views { get; set; }
    /// <summary>The image in the document store (checked by content like any upload).</summary>
    public string? ImageName { get; set; }
    public string? ImageContentType { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public PromotionBenefit Benefit => new(Kind, DiscountBasisPoints, WaivedFeeCode, Gift);

    public PromotionPhase PhaseAt(DateTimeOffset now) =>
        EndedAt is not null ? PromotionPhase.Ended
        : PublishedAt is null ? PromotionPhase.Draft
        : now < SignUpFrom ? PromotionPhase.Scheduled
        : now > SignUpUntil || SignUps >= Capacity ? PromotionPhase.Closed
        : PromotionPhase.Open;
}

/// <summary>A customer's place in a promotion: once per promotion.</summary>
public class PromotionSignUp
{
    public long Id { get; set; }
    public int PromotionId { get; set; }
    public string CustomerId { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>A promotion emailed to a customer: each gets it once, however often marketing presses send.</summary>
public class PromotionMailing
{
    public long Id { get; set; }
    public int PromotionId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class PromotionConfiguration : IEntityTypeConfiguration<Promotion>
{
    public void Configure(EntityTypeBuilder<Promotion> b)
    {
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Slug).HasMaxLength(60);
        b.Property(p => p.Title).HasMaxLength(80);
        b.Property(p => p.TitleZh).HasMaxLength(80);
        b.Property(p => p.Summary).HasMaxLength(200);
        b.Property(p => p.SummaryZh).HasMaxLength(200);
        b.Property(p => p.DescriptionHtml).HasMaxLength(16000);
        b.Property(p => p.DescriptionHtmlZh).HasMaxLength(16000);
        b.Property(p => p.Terms).HasMaxLength(4000);
        b.Property(p => p.TermsZh).HasMaxLength(4000);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.WaivedFeeCode).HasMaxLength(40);
        b.Property(p => p.Gift).HasMaxLength(200);
        b.Property(p => p.GiftZh).HasMaxLength(200);
        b.Property(p => p.ImageName).HasMaxLength(32);
        b.Property(p => p.ImageContentType).HasMaxLength(40);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.PrimitiveCollection(p => p.ProductIds);
        b.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        b.Ignore(p => p.Benefit);
    }
}

internal sealed class PromotionSignUpConfiguration : IEntityTypeConfiguration<PromotionSignUp>
{
    public void Configure(EntityTypeBuilder<PromotionSignUp> b)
    {
        b.HasOne<Promotion>().WithMany().HasForeignKey(s => s.PromotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.PromotionId, s.CustomerId }).IsUnique();
        b.HasIndex(s => s.CustomerId);
        b.Property(s => s.CustomerId).HasMaxLength(450);
    }
}

internal sealed class PromotionMailingConfiguration : IEntityTypeConfiguration<PromotionMailing>
{
    public void Configure(EntityTypeBuilder<PromotionMailing> b)
    {
        b.HasOne<Promotion>().WithMany().HasForeignKey(m => m.PromotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.PromotionId, m.UserId }).IsUnique();
        b.Property(m => m.UserId).HasMaxLength(450);
    }
}
