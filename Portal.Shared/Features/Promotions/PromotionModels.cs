using System.ComponentModel.DataAnnotations;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Promotions;

/// <summary>What a promotion gives (SPEC 2.7): points off the rate, one named fee waived, or a gift described in words.</summary>
public enum PromotionKind { RateDiscount, FeeWaiver, Gift }

/// <summary>Where a promotion stands. Draft, published and ended are stored; the rest follow from the sign-up window and the clock.</summary>
public enum PromotionPhase
{
    Draft,
    /// <summary>Published, sign-up not open yet: not shown to customers.</summary>
    Scheduled,
    Open,
    /// <summary>The sign-up window has passed, or every place is taken. Those who signed up keep the benefit.</summary>
    Closed,
    /// <summary>Ended by marketing: nobody can sign up or use it on a new application.</summary>
    Ended,
}

/// <summary>
/// The benefit, applied to a product's terms. The one place a promotion changes a price: the application's
/// offer, its contract, its loan and the calculator all price the product this returns, through the one engine.
/// </summary>
public sealed record PromotionBenefit(PromotionKind Kind, int DiscountBasisPoints = 0, string? WaivedFeeCode = null, string? Gift = null)
{
    /// <remarks>The product's disclosed APR range is left as published: a benefit only lowers a price, and searching the range again costs more than a page view should.</remarks>
    public ProductDetails ApplyTo(ProductDetails product)
    {
        var promoted = Kind switch
        {
            PromotionKind.RateDiscount => product with
            {
                Rates = [.. product.Rates.Select(r => r with { AnnualRatePercent = r.AnnualRatePercent is { } rate ? Discounted(rate) : null })],
                Example = product.Example with { AnnualRatePercent = Discounted(product.Example.AnnualRatePercent) },
            },
            PromotionKind.FeeWaiver => product with { Fees = [.. product.Fees.Where(f => f.Code != WaivedFeeCode)] },
            _ => product,
        };
        return promoted;
    }

    /// <summary>A rate never goes below zero, whatever the discount.</summary>
    public decimal Discounted(decimal ratePercent) => Math.Max(0m, ratePercent - DiscountBasisPoints / 100m);

    public bool ChangesPrice => Kind is PromotionKind.RateDiscount or PromotionKind.FeeWaiver;
}

public sealed record PromotionProduct(int Id, string Slug, string Name);

/// <summary>The promotion an application is priced with.</summary>
public sealed record AppliedPromotion(int Id, string Slug, string Title, PromotionBenefit Benefit);

/// <summary>A product marketing may choose, with the fee codes it charges (a waiver names one of them).</summary>
public sealed record PromotionProductChoice(int Id, string Slug, string Name, IReadOnlyList<string> FeeCodes);

/// <summary>A promotion as customers see it: its words (and the gift's) in the reader's language, its minimum amount filled in.</summary>
public sealed record PromotionView(
    int Id,
    string Slug,
    string Title,
    string Summary,
    /// <summary>Sanitized on the server when it was saved; safe to render as markup.</summary>
    string DescriptionHtml,
    string Terms,
    PromotionBenefit Benefit,
    IReadOnlyList<PromotionProduct> Products,
    bool NewCustomersOnly,
    decimal? MinAmount,
    DateTimeOffset SignUpFrom,
    DateTimeOffset SignUpUntil,
    int? Capacity,
    int SignUps,
    PromotionPhase Phase,
    bool HasImage,
    string Currency)
{
    /// <summary>When the caller signed up (customers only).</summary>
    public DateTimeOffset? SignedUpAt { get; init; }

    /// <summary>The application the caller's sign-up is used on, if any.</summary>
    public string? UsedOn { get; init; }

    public int? PlacesLeft => Capacity is { } c ? Math.Max(0, c - SignUps) : null;

    public bool Covers(string productSlug) => Products.Any(p => p.Slug == productSlug);
}

/// <summary>What marketing sees of each promotion: its place in its life and what it has brought.</summary>
public sealed record PromotionStats(long Views, int SignUps, int Applications, int Approvals, int Disbursed, decimal AmountDisbursed, string Currency);

public sealed record PromotionRow(int Id, string Slug, string Title, PromotionKind Kind, PromotionPhase Phase,
    DateTimeOffset SignUpFrom, DateTimeOffset SignUpUntil, int? Capacity, PromotionStats Stats)
{
    /// <summary>The texts with no Chinese yet (field names, as <see cref="PromotionEdit.MissingChinese"/>).</summary>
    public IReadOnlyList<string> MissingChinese { get; init; } = [];
}

/// <summary>
/// A promotion as marketing edits it, in English and Simplified Chinese. Only a draft can be changed; a published one
/// can only be ended, or given the Chinese text it does not have yet (<see cref="PromotionTranslation"/>).
/// </summary>
public sealed class PromotionEdit : IValidatableObject
{
    public int? Id { get; set; }
    public PromotionPhase Phase { get; set; }
    public Guid ConcurrencyStamp { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(80, MinimumLength = 3, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Title { get; set; } = "";

    [StringLength(80, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string TitleZh { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValSlug))]
    [StringLength(60, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Slug { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Summary { get; set; } = "";

    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string SummaryZh { get; set; } = "";

    /// <summary>Rich text as HTML; the server keeps only safe tags and attributes.</summary>
    [StringLength(8000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string DescriptionHtml { get; set; } = "";

    [StringLength(8000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string DescriptionHtmlZh { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(4000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Terms { get; set; } = "";

    [StringLength(4000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string TermsZh { get; set; } = "";

    public PromotionKind Kind { get; set; }

    /// <summary>Basis points off the nominal rate (50 = 0.50 points).</summary>
    [Range(0, 2000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int DiscountBasisPoints { get; set; }

    [StringLength(40, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? WaivedFeeCode { get; set; }

    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Gift { get; set; }

    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? GiftZh { get; set; }

    public List<int> ProductIds { get; set; } = [];

    public bool NewCustomersOnly { get; set; }

    [Range(0, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MinAmount { get; set; }

    public DateTimeOffset SignUpFrom { get; set; }
    public DateTimeOffset SignUpUntil { get; set; }

    [Range(1, 10_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? Capacity { get; set; }

    public bool HasImage { get; set; }

    public PromotionStats? Stats { get; set; }

    public PromotionBenefit Benefit => Kind switch
    {
        PromotionKind.RateDiscount => new(Kind, DiscountBasisPoints),
        PromotionKind.FeeWaiver => new(Kind, WaivedFeeCode: WaivedFeeCode),
        _ => new(Kind, Gift: Gift),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Kind == PromotionKind.RateDiscount && DiscountBasisPoints <= 0)
            yield return new(SharedText.PromoDiscountRequired, [nameof(DiscountBasisPoints)]);
        if (Kind == PromotionKind.FeeWaiver && string.IsNullOrWhiteSpace(WaivedFeeCode))
            yield return new(SharedText.PromoFeeRequired, [nameof(WaivedFeeCode)]);
        if (Kind == PromotionKind.Gift && string.IsNullOrWhiteSpace(Gift))
            yield return new(SharedText.PromoGiftRequired, [nameof(Gift)]);
        if (ProductIds.Count == 0)
            yield return new(SharedText.PromoProductsRequired, [nameof(ProductIds)]);
        if (SignUpUntil <= SignUpFrom)
            yield return new(SharedText.PromoWindowOrder, [nameof(SignUpUntil)]);
        foreach (var problem in PromotionTexts.Problems(MinAmount is > 0,
            (nameof(Title), Title), (nameof(TitleZh), TitleZh), (nameof(Summary), Summary), (nameof(SummaryZh), SummaryZh),
            (nameof(DescriptionHtml), DescriptionHtml), (nameof(DescriptionHtmlZh), DescriptionHtmlZh), (nameof(Terms), Terms), (nameof(TermsZh), TermsZh),
            (nameof(Gift), Kind == PromotionKind.Gift ? Gift : null), (nameof(GiftZh), Kind == PromotionKind.Gift ? GiftZh : null)))
            yield return problem;
    }

    /// <summary>The texts written in English with no Chinese yet (by field name); Chinese readers see the English there.</summary>
    public List<string> MissingChinese() => PromotionTexts.MissingChinese(Kind, Title, TitleZh, Summary, SummaryZh, DescriptionHtml, DescriptionHtmlZh, Terms, TermsZh, Gift, GiftZh);
}

/// <summary>
/// The Chinese text of a published promotion that has none yet. Its terms never change once published, so a Chinese
/// text already written stays as it is; only what is still missing can be added (and nothing English changes).
/// </summary>
public sealed class PromotionTranslation : IValidatableObject
{
    public Guid ConcurrencyStamp { get; set; }

    [StringLength(80, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string TitleZh { get; set; } = "";

    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string SummaryZh { get; set; } = "";

    [StringLength(8000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string DescriptionHtmlZh { get; set; } = "";

    [StringLength(4000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string TermsZh { get; set; } = "";

    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? GiftZh { get; set; }

    /// <summary>Whether the promotion has a minimum amount is known to the server, which checks {MinAmount} against it.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context) => PromotionTexts.Problems(hasMinAmount: true,
        (nameof(TitleZh), TitleZh), (nameof(SummaryZh), SummaryZh), (nameof(DescriptionHtmlZh), DescriptionHtmlZh), (nameof(TermsZh), TermsZh), (nameof(GiftZh), GiftZh));

    public static PromotionTranslation From(PromotionEdit e) => new()
    {
        ConcurrencyStamp = e.ConcurrencyStamp, TitleZh = e.TitleZh, SummaryZh = e.SummaryZh, DescriptionHtmlZh = e.DescriptionHtmlZh,
        TermsZh = e.TermsZh, GiftZh = e.GiftZh,
    };
}

/// <summary>The rules a promotion's texts share, in either language.</summary>
public static class PromotionTexts
{
    /// <summary>Placeholders other than {MinAmount}, and {MinAmount} in a promotion without a minimum amount.</summary>
    public static IEnumerable<ValidationResult> Problems(bool hasMinAmount, params (string Field, string? Text)[] texts)
    {
        foreach (var (field, text) in texts)
        {
            foreach (var unknown in TextFigures.Unknown(text, TextFigures.ForPromotions))
                yield return new(string.Format(SharedText.TextUnknownPlaceholder, unknown, string.Join(" ", TextFigures.ForPromotions)), [field]);
            if (!hasMinAmount && TextFigures.Uses(text, TextFigures.MinAmount))
                yield return new(SharedText.PromoMinAmountPlaceholderUnset, [field]);
        }
    }

    public static List<string> MissingChinese(PromotionKind kind, string title, string titleZh, string summary, string summaryZh,
        string descriptionHtml, string descriptionHtmlZh, string terms, string termsZh, string? gift, string? giftZh) =>
        Bilingual.MissingChinese((nameof(PromotionEdit.Title), title, titleZh), (nameof(PromotionEdit.Summary), summary, summaryZh),
            (nameof(PromotionEdit.DescriptionHtml), descriptionHtml, descriptionHtmlZh), (nameof(PromotionEdit.Terms), terms, termsZh),
            (nameof(PromotionEdit.Gift), kind == PromotionKind.Gift ? gift : null, giftZh));
}

/// <summary>Whether the customer wants promotions by email; each change is kept with its time.</summary>
public sealed record MarketingPreference(bool OptedIn, DateTimeOffset? ChangedAt);

public interface IPromotionsService
{
    /// <summary>Promotions open for sign-up now.</summary>
    Task<IReadOnlyList<PromotionView>> ListOpenAsync(CancellationToken ct = default);

    /// <summary>A published promotion by its slug (counted as a view when a visitor reads it); null for drafts and unknown slugs.</summary>
    Task<PromotionView?> GetAsync(string slug, CancellationToken ct = default);

    Task<PromotionView> SignUpAsync(string slug, CancellationToken ct = default);

    /// <summary>The caller's promotions, newest sign-up first.</summary>
    Task<IReadOnlyList<PromotionView>> MineAsync(CancellationToken ct = default);

    Task<MarketingPreference> MarketingAsync(CancellationToken ct = default);
    Task<MarketingPreference> SetMarketingAsync(bool optIn, CancellationToken ct = default);

    /// <summary>Opts the person the signed link names out of marketing email; needs no sign-in.</summary>
    Task UnsubscribeAsync(string token, CancellationToken ct = default);
}

/// <summary>Marketing's side of promotions: every promotion with its figures, editing, publishing, ending and the campaign email.</summary>
public interface IPromotionsAdminService
{
    Task<IReadOnlyList<PromotionRow>> ListAllAsync(CancellationToken ct = default);
    Task<IReadOnlyList<PromotionProductChoice>> ProductChoicesAsync(CancellationToken ct = default);
    Task<PromotionEdit> GetForEditAsync(int id, CancellationToken ct = default);
    Task<PromotionEdit> SaveAsync(PromotionEdit edit, CancellationToken ct = default);
    Task<PromotionEdit> UploadImageAsync(int id, Stream content, string fileName, CancellationToken ct = default);
    Task<PromotionEdit> PublishAsync(int id, Guid stamp, CancellationToken ct = default);
    Task<PromotionEdit> EndAsync(int id, Guid stamp, CancellationToken ct = default);

    /// <summary>Adds the Chinese text a published promotion does not have yet; what is already written stays.</summary>
    Task<PromotionEdit> TranslateAsync(int id, PromotionTranslation translation, CancellationToken ct = default);

    /// <summary>Emails the promotion to every customer who opted in and has not had it; returns how many were queued.</summary>
    Task<int> EmailOptedInAsync(int id, CancellationToken ct = default);
}

public sealed record PromotionStamp(Guid ConcurrencyStamp);

/// <summary>The choice must be said: a body without it is refused, never read as "no".</summary>
public sealed record MarketingChoice([property: System.Text.Json.Serialization.JsonRequired] bool OptIn);
