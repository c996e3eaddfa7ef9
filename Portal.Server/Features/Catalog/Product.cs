using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Catalog;

/// <summary>A product's identity; its terms live in versions. Applications and loans point at a version.</summary>
public class Product
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public bool IsPublished { get; set; }
    public DateTimeOffset? PublishedFrom { get; set; }
    public DateTimeOffset? PublishedUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int? CurrentVersionId { get; set; }
    public ProductVersion? CurrentVersion { get; set; }
    public List<ProductVersion> Versions { get; set; } = [];

    /// <summary>App-managed concurrency token: two product managers saving at once cannot both win.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

/// <summary>
/// The exact terms of one version. Once a version has been published it is never changed again:
/// the next change makes a new version. Its texts are in English and (the <c>…Zh</c> columns, empty until
/// written) Simplified Chinese.
/// </summary>
public class ProductVersion
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public int Version { get; set; }
    public bool WasPublished { get; set; }
    public string Name { get; set; } = "";
    public string NameZh { get; set; } = "";
    public ProductKind Kind { get; set; }
    public string Summary { get; set; } = "";
    public string SummaryZh { get; set; } = "";
    public string Description { get; set; } = "";
    public string DescriptionZh { get; set; } = "";
    public long MinAmountMinor { get; set; }
    public long MaxAmountMinor { get; set; }
    public int MinMonths { get; set; }
    public int MaxMonths { get; set; }
    public List<RepaymentMethod> Methods { get; set; } = [];

    /// <summary>Nominal annual rate per grade A–E in percent; null = not offered.</summary>
    public decimal? RateA { get; set; }
    public decimal? RateB { get; set; }
    public decimal? RateC { get; set; }
    public decimal? RateD { get; set; }
    public decimal? RateE { get; set; }

    public List<ProductFee> Fees { get; set; } = [];
    public int MinAge { get; set; }
    public int MaxAge { get; set; }
    public long MinMonthlyIncomeMinor { get; set; }
    public int MinYearsTrading { get; set; }
    public bool ResidentsOnly { get; set; }
    public int GraceDays { get; set; } = ProductEdit.DefaultGraceDays;
    public decimal PenaltyMarkupPercent { get; set; } = ProductEdit.DefaultPenaltyMarkupPercent;
    /// <summary>The documents by their English names: also the keys uploads are filed under, so never translated in place.</summary>
    public List<string> RequiredDocuments { get; set; } = [];

    /// <summary>Their Chinese names, in the same order ("" where there is none).</summary>
    public List<string> RequiredDocumentsZh { get; set; } = [];
    public long ExampleAmountMinor { get; set; }
    public int ExampleMonths { get; set; }
    public RepaymentMethod ExampleMethod { get; set; }
    public RiskGrade ExampleGrade { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    public decimal?[] GradeRates => [RateA, RateB, RateC, RateD, RateE];

    /// <summary>Texts written in English with no Chinese yet (field names of <see cref="ProductEdit"/>).</summary>
    public List<string> MissingChinese() =>
        ProductEdit.Untranslated(Name, NameZh, Summary, SummaryZh, Description, DescriptionZh, RequiredDocuments, RequiredDocumentsZh);

    /// <summary>
    /// The terms of one version as the engine and the pages see them (without the APR range, which costs a search), its
    /// texts in the reader's language (the current UI culture; the other language where the reader's is not written)
    /// with the version's own limits written in for the placeholders, in the deployment's currency.
    /// </summary>
    public ProductDetails Describe(string slug, DisclosureOptions disclosure, DateOnly pricedOn)
    {
        var rates = GradeRates.Select((r, i) => new GradeRate((RiskGrade)i, r)).ToList();
        var example = new RepresentativeExample(Money.FromMinor(ExampleAmountMinor), ExampleMonths, ExampleMethod, ExampleGrade,
            GradeRates[(int)ExampleGrade]!.Value);
        var figures = TextFigures.OfProduct(Money.FromMinor(MinAmountMinor), Money.FromMinor(MaxAmountMinor), MinMonths, MaxMonths, disclosure.Currency);
        string Text(string english, string chinese) => TextFigures.Fill(Bilingual.Pick(english, chinese), figures);
        return new ProductDetails(ProductId, Version, slug, Text(Name, NameZh), Kind, Text(Summary, SummaryZh), Text(Description, DescriptionZh),
            Money.FromMinor(MinAmountMinor), Money.FromMinor(MaxAmountMinor), MinMonths, MaxMonths, Methods, rates,
            Fees.Select(f => f.ToFee()).ToList(),
            new Eligibility(MinAge, MaxAge, Money.FromMinor(MinMonthlyIncomeMinor), MinYearsTrading, ResidentsOnly),
            RequiredDocuments, example, disclosure.Regime, disclosure.Currency, pricedOn)
        {
            Scorecard = disclosure.Scorecard, GraceDays = GraceDays, PenaltyMarkupPercent = PenaltyMarkupPercent,
            DocumentNames = [.. RequiredDocuments.Select((kind, i) => Bilingual.Pick(kind, i < RequiredDocumentsZh.Count ? RequiredDocumentsZh[i] : ""))],
        };
    }
}

/// <summary>A fee of a version, stored inside the version (JSON) since it has no life of its own.</summary>
public class ProductFee
{
    public string Code { get; set; } = "";
    public FeeKind Kind { get; set; }
    public long FixedAmountMinor { get; set; }
    public decimal PercentOfPrincipal { get; set; }
    public long? CapAmountMinor { get; set; }
    public bool DeductedFromPayout { get; set; }

    public Fee ToFee() => new(Code, Kind, Money.FromMinor(FixedAmountMinor), PercentOfPrincipal,
        CapAmountMinor is { } cap ? Money.FromMinor(cap) : null, DeductedFromPayout);
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Slug).HasMaxLength(60).IsRequired();
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        b.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.CurrentVersion).WithMany().HasForeignKey(p => p.CurrentVersionId)
            .OnDelete(DeleteBehavior.Restrict).IsRequired(false);
    }
}

internal sealed class ProductVersionConfiguration : IEntityTypeConfiguration<ProductVersion>
{
    public void Configure(EntityTypeBuilder<ProductVersion> b)
    {
        b.HasIndex(v => new { v.ProductId, v.Version }).IsUnique();
        b.Property(v => v.Name).HasMaxLength(80).IsRequired();
        b.Property(v => v.NameZh).HasMaxLength(80);
        b.Property(v => v.Summary).HasMaxLength(200);
        b.Property(v => v.SummaryZh).HasMaxLength(200);
        b.Property(v => v.Description).HasMaxLength(4000);
        b.Property(v => v.DescriptionZh).HasMaxLength(4000);
        b.Property(v => v.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.ExampleMethod).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.ExampleGrade).HasConversion<string>().HasMaxLength(1);
        b.Property(v => v.CreatedBy).HasMaxLength(256);
        foreach (var rate in new[] { nameof(ProductVersion.RateA), nameof(ProductVersion.RateB), nameof(ProductVersion.RateC), nameof(ProductVersion.RateD), nameof(ProductVersion.RateE) })
            b.Property(rate).HasPrecision(9, 4);
        b.Ignore(v => v.GradeRates);
        b.Property(v => v.PenaltyMarkupPercent).HasPrecision(9, 4);
        b.PrimitiveCollection(v => v.Methods);
        b.PrimitiveCollection(v => v.RequiredDocuments);
        b.PrimitiveCollection(v => v.RequiredDocumentsZh);
        b.OwnsMany(v => v.Fees, f =>
        {
            f.ToJson();
            f.Property(x => x.Kind).HasConversion<string>();
        });
    }
}
