using System.ComponentModel.DataAnnotations;
using Portal.Shared.Features.Applications;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Prospects;

/// <summary>
/// Named screening criteria (SPEC 2.9): every part is optional, and a prospect must meet each part that is set. A
/// prospect that does not state a figure a part asks about (no income given, say) does not meet it.
/// </summary>
public sealed class ScreeningCriteriaEdit : IValidatableObject
{
    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(80, MinimumLength = 2, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Name { get; set; } = "";

    public ApplicantType? Kind { get; set; }

    [MaxLength(50)] public List<string> Regions { get; set; } = [];
    /// <summary>Only these sectors (empty: any)…</summary>
    [MaxLength(20)] public List<Sector> SectorsIn { get; set; } = [];
    /// <summary>…and never these.</summary>
    [MaxLength(20)] public List<Sector> SectorsOut { get; set; } = [];

    [Range(typeof(decimal), "0", "100000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MinMonthlyIncome { get; set; }
    [Range(typeof(decimal), "0", "100000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MaxMonthlyIncome { get; set; }
    [Range(typeof(decimal), "0", "10000000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MinAnnualRevenue { get; set; }
    [Range(typeof(decimal), "0", "10000000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MaxAnnualRevenue { get; set; }
    [Range(0, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? MinYearsTrading { get; set; }
    [Range(18, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? MinAge { get; set; }
    [Range(18, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? MaxAge { get; set; }
    /// <summary>Prospects interested in one of these products (slugs; empty: any, or none stated).</summary>
    [MaxLength(20)] public List<string> Products { get; set; } = [];

    public Guid ConcurrencyStamp { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinMonthlyIncome > MaxMonthlyIncome) yield return new(SharedText.ScreeningRangeReversed, [nameof(MaxMonthlyIncome)]);
        if (MinAnnualRevenue > MaxAnnualRevenue) yield return new(SharedText.ScreeningRangeReversed, [nameof(MaxAnnualRevenue)]);
        if (MinAge > MaxAge) yield return new(SharedText.ScreeningRangeReversed, [nameof(MaxAge)]);
        if (SectorsIn.Intersect(SectorsOut).Any()) yield return new(SharedText.ScreeningSectorBoth, [nameof(SectorsOut)]);
        if (Regions.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 60)) yield return new(SharedText.ValRequired, [nameof(Regions)]);
    }
}

public sealed record ScreeningCriteriaView(int Id, string Name, ScreeningCriteriaEdit Criteria, string UpdatedBy, DateTimeOffset UpdatedAt, Guid ConcurrencyStamp);

/// <summary>Which prospects a run screens: those not contacted yet, of one source or one imported list if given.</summary>
public sealed record RunScreening(int CriteriaId, ProspectSource? Source, Guid? ImportId);

public sealed record ScreeningSummary(int CriteriaId, string CriteriaName, int Target, int NotNow, int Excluded, DateTimeOffset At);
