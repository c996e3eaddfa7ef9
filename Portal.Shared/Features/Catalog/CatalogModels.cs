using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Portal.Shared.Formatting;
using Portal.Shared.Resources;
using Portal.Shared.Lending;

namespace Portal.Shared.Features.Catalog;

public enum ProductKind { PersonalConsumer, SmallBusiness, Secured }

public enum RiskGrade { A, B, C, D, E }

/// <summary>Nominal annual rate for a grade; null when the grade is not offered.</summary>
public sealed record GradeRate(RiskGrade Grade, decimal? AnnualRatePercent);

/// <summary>
/// How a product is priced and disclosed, shared by the catalog pages and the calculator. Its words (name, summary,
/// description, document names) are in the reader's language, with the figures of <see cref="TextFigures"/> filled in.
/// </summary>
public sealed record ProductDetails(
    int Id,
    int Version,
    string Slug,
    string Name,
    ProductKind Kind,
    string Summary,
    string Description,
    decimal MinAmount,
    decimal MaxAmount,
    int MinMonths,
    int MaxMonths,
    IReadOnlyList<RepaymentMethod> Methods,
    IReadOnlyList<GradeRate> Rates,
    IReadOnlyList<Fee> Fees,
    Eligibility Eligibility,
    IReadOnlyList<string> RequiredDocuments,
    RepresentativeExample Example,
    RateRegime Regime,
    string Currency,
    DateOnly PricedOn)
{
    [JsonIgnore]
    public IEnumerable<decimal> OfferedRates => Rates.Where(r => r.AnnualRatePercent.HasValue).Select(r => r.AnnualRatePercent!.Value);
    public decimal MinRatePercent => OfferedRates.Min();
    public decimal MaxRatePercent => OfferedRates.Max();

    /// <summary>The APR range for loans paid out on <see cref="PricedOn"/>; every figure on the page uses that date.</summary>
    /// <summary>The deployment's scorecard, so the browser's eligibility check scores as the risk officer's screen does.</summary>
    public Applications.ScorecardWeights Scorecard { get; init; } = Applications.ScorecardWeights.Default;

    /// <summary>Days after a due date before an unpaid instalment is overdue, and the penalty rate's markup on the contract rate.</summary>
    public int GraceDays { get; init; } = ProductEdit.DefaultGraceDays;
    public decimal PenaltyMarkupPercent { get; init; } = ProductEdit.DefaultPenaltyMarkupPercent;

    public decimal MinAprPercent { get; init; }
    public decimal MaxAprPercent { get; init; }

    /// <summary>
    /// What each of <see cref="RequiredDocuments"/> is called in the reader's language, in the same order. The
    /// documents themselves are the keys uploads are filed under (the English names), so they never change with the language.
    /// </summary>
    public IReadOnlyList<string> DocumentNames { get; init; } = [];

    /// <summary>A required document's name for the reader (its key when no other name is known).</summary>
    public string DocumentName(string kind)
    {
        var i = RequiredDocuments.ToList().IndexOf(kind);
        return i >= 0 && i < DocumentNames.Count && !string.IsNullOrWhiteSpace(DocumentNames[i]) ? DocumentNames[i] : kind;
    }
}

public sealed record Eligibility(int MinAge, int MaxAge, decimal MinMonthlyIncome, int MinYearsTrading, bool ResidentsOnly);

/// <summary>The terms of the representative example; the figures come from the engine.</summary>
public sealed record RepresentativeExample(decimal Amount, int Months, RepaymentMethod Method, RiskGrade Grade, decimal AnnualRatePercent);

/// <summary>A published product in the list, with its rate and APR ranges.</summary>
public sealed record ProductSummary(
    string Slug, string Name, ProductKind Kind, string Summary,
    decimal MinAmount, decimal MaxAmount, int MinMonths, int MaxMonths,
    decimal MinRatePercent, decimal MaxRatePercent, decimal MinAprPercent, decimal MaxAprPercent,
    string Currency, RateRegime Regime);

/// <summary>A product as the product manager edits it (the current version).</summary>
public sealed class ProductEdit
{
    public int? Id { get; set; }
    public int Version { get; set; }
    public bool IsPublished { get; set; }

    /// <summary>What the editor loaded; a save or publish over someone else's change since then is refused.</summary>
    public Guid ConcurrencyStamp { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(80, MinimumLength = 3, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Name { get; set; } = "";

    /// <summary>The name in Simplified Chinese; empty = Chinese readers see the English.</summary>
    [StringLength(80, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string NameZh { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValSlug))]
    [StringLength(60, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Slug { get; set; } = "";

    public ProductKind Kind { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Summary { get; set; } = "";

    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string SummaryZh { get; set; } = "";

    [StringLength(4000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Description { get; set; } = "";

    [StringLength(4000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string DescriptionZh { get; set; } = "";

    [Range(100, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal MinAmount { get; set; } = 1000;

    [Range(100, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal MaxAmount { get; set; } = 50000;

    [Range(1, 600, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int MinMonths { get; set; } = 6;

    [Range(1, 600, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int MaxMonths { get; set; } = 36;

    public List<RepaymentMethod> Methods { get; set; } = [RepaymentMethod.EqualInstalments];

    /// <summary>A–E, null = not offered.</summary>
    public List<decimal?> GradeRates { get; set; } = [null, null, null, null, null];

    public List<FeeEdit> Fees { get; set; } = [];

    [Range(18, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int MinAge { get; set; } = 18;

    [Range(18, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int MaxAge { get; set; } = 70;

    [Range(0, 10_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal MinMonthlyIncome { get; set; }

    [Range(0, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int MinYearsTrading { get; set; }

    public bool ResidentsOnly { get; set; } = true;

    public const int DefaultGraceDays = 3;
    public const decimal DefaultPenaltyMarkupPercent = 50m;

    [Range(0, 30, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int GraceDays { get; set; } = DefaultGraceDays;

    [Range(0, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal PenaltyMarkupPercent { get; set; } = DefaultPenaltyMarkupPercent;

    /// <summary>The documents by their English names, which are also the keys their uploads are filed under.</summary>
    public List<string> RequiredDocuments { get; set; } = [];

    /// <summary>The same documents' Chinese names, in the same order ("" where there is none yet).</summary>
    public List<string> RequiredDocumentsZh { get; set; } = [];

    [Range(100, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal ExampleAmount { get; set; } = 10000;

    [Range(1, 600, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int ExampleMonths { get; set; } = 12;

    public RepaymentMethod ExampleMethod { get; set; } = RepaymentMethod.EqualInstalments;

    public RiskGrade ExampleGrade { get; set; } = RiskGrade.B;

    /// <summary>The published window (UTC days, both inclusive); empty = from publishing on, with no end.</summary>
    public DateOnly? PublishFrom { get; set; }
    public DateOnly? PublishUntil { get; set; }

    /// <summary>Cross-field rules; the server runs the same ones before saving.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Kind)) yield return SharedText.ProductKindMissing;
        if (!Enum.IsDefined(ExampleMethod) || Methods.Any(m => !Enum.IsDefined(m))) yield return SharedText.ProductMethodsUnknown;
        if (!Enum.IsDefined(ExampleGrade)) yield return SharedText.ProductExampleGradeUnknown;
        if (new[] { MinAmount, MaxAmount, ExampleAmount }.Any(a => a % Pricing.AmountStep != 0))
            yield return string.Format(SharedText.ProductAmountSteps, Pricing.AmountStep);
        if (MinAmount > MaxAmount) yield return SharedText.ProductMinAboveMax;
        if (MinMonths > MaxMonths) yield return SharedText.ProductTermsReversed;
        if (MinAge > MaxAge) yield return SharedText.ProductAgesReversed;
        if (PublishFrom > PublishUntil) yield return SharedText.ProductWindowReversed;
        if (Methods.Count == 0) yield return SharedText.ProductNoMethod;
        if (GradeRates.Count != 5) yield return SharedText.ProductRatesPerGrade;
        else if (GradeRates.All(r => r is null)) yield return SharedText.ProductNoGrade;
        else if (GradeRates.Any(r => r is < 0 or > 100)) yield return SharedText.ProductRateRange;
        if (ExampleAmount < MinAmount || ExampleAmount > MaxAmount) yield return SharedText.ProductExampleAmount;
        if (ExampleMonths < MinMonths || ExampleMonths > MaxMonths) yield return SharedText.ProductExampleTerm;
        if (!Methods.Contains(ExampleMethod)) yield return SharedText.ProductExampleMethod;
        if (GradeRates.Count == 5 && Enum.IsDefined(ExampleGrade) && GradeRates[(int)ExampleGrade] is null) yield return SharedText.ProductExampleGrade;
        var upfront = Fees.Where(f => f.Kind == FeeKind.Upfront).Sum(f => f.ToFee().AmountOn(MinAmount));
        if (upfront >= MinAmount) yield return SharedText.ProductUpfrontTooHigh;
        if (Fees.Select(f => f.Code.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Fees.Count) yield return SharedText.ProductFeeCodesRepeat;
        foreach (var fee in Fees)
            foreach (var p in fee.Problems()) yield return p;
        foreach (var unknown in new[] { Name, NameZh, Summary, SummaryZh, Description, DescriptionZh }.SelectMany(t => TextFigures.Unknown(t, TextFigures.ForProducts)).Distinct())
            yield return string.Format(SharedText.TextUnknownPlaceholder, unknown, string.Join(" ", TextFigures.ForProducts));
        if ((RequiredDocumentsZh ?? []).Where((zh, i) => !string.IsNullOrWhiteSpace(zh) && (i >= RequiredDocuments.Count || string.IsNullOrWhiteSpace(RequiredDocuments[i]))).Any())
            yield return SharedText.ProductDocumentNeedsEnglish;
    }

    /// <summary>The texts written in English with no Chinese yet (by field name); Chinese readers see the English there.</summary>
    public List<string> MissingChinese() => Untranslated(Name, NameZh, Summary, SummaryZh, Description, DescriptionZh, RequiredDocuments, RequiredDocumentsZh);

    /// <summary>As <see cref="MissingChinese()"/>, for a stored version's texts.</summary>
    public static List<string> Untranslated(string name, string nameZh, string summary, string summaryZh, string description, string descriptionZh,
        IReadOnlyList<string> documents, IReadOnlyList<string>? documentsZh)
    {
        var missing = Bilingual.MissingChinese((nameof(Name), name, nameZh), (nameof(Summary), summary, summaryZh), (nameof(Description), description, descriptionZh));
        if (Bilingual.AnyMissing(documents, documentsZh)) missing.Add(nameof(RequiredDocuments));
        return missing;
    }
}

public sealed class FeeEdit
{
    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(40, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Code { get; set; } = "";

    public FeeKind Kind { get; set; }

    [Range(0, 1_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal FixedAmount { get; set; }

    [Range(0, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal PercentOfPrincipal { get; set; }

    [Range(0, 1_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? CapAmount { get; set; }

    public bool DeductedFromPayout { get; set; } = true;

    public IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Kind)) yield return string.Format(SharedText.FeeKindMissing, Code);
        if (FixedAmount == 0 && PercentOfPrincipal == 0) yield return string.Format(SharedText.FeeNoAmount, Code);
        if (Kind == FeeKind.Late && PercentOfPrincipal != 0) yield return string.Format(SharedText.FeeLateFixed, Code);
    }

    public Fee ToFee() => new(Code, Kind, FixedAmount, PercentOfPrincipal, CapAmount, DeductedFromPayout);

    public static FeeEdit From(Fee fee) => new()
    {
        Code = fee.Code, Kind = fee.Kind, FixedAmount = fee.FixedAmount, PercentOfPrincipal = fee.PercentOfPrincipal,
        CapAmount = fee.CapAmount, DeductedFromPayout = fee.DeductedFromPayout,
    };
}

/// <summary>The version of a product the caller last saw, sent with publish and unpublish.</summary>
public sealed record ProductStamp(Guid ConcurrencyStamp);

/// <summary>A row of the staff product list; the name in the reader's language.</summary>
public sealed record ProductAdminRow(int Id, string Slug, string Name, ProductKind Kind, int Version, bool IsPublished, DateTimeOffset UpdatedAt, Guid ConcurrencyStamp)
{
    /// <summary>The current version's texts that have no Chinese yet (field names, as <see cref="ProductEdit.MissingChinese"/>).</summary>
    public IReadOnlyList<string> MissingChinese { get; init; } = [];
}
