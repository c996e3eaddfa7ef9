using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Catalog;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Lending;
using Portal.Shared.Resources;

namespace Portal.Server.Features.Promotions;

/// <summary>The promotion rules other features apply: whether an application may have a promotion, and what it does to the price.</summary>
public sealed class PromotionRules(PortalDbContext db, IOptions<DisclosureOptions> disclosure)
{
    /// <summary>An application in one of these states no longer holds its promotion: the customer may use it on another.</summary>
    internal static readonly ApplicationState[] Released = [ApplicationState.Withdrawn, ApplicationState.Declined, ApplicationState.Expired];

    /// <summary>
    /// Why this application cannot have this promotion, or null when it can: the customer holds it, it covers the
    /// product, it has not ended, the amount is enough, and no other live application of theirs uses it.
    /// </summary>
    public async Task<string?> ProblemAsync(LoanApplication a, int promotionId, CancellationToken ct, bool checkAmount = true, bool amountOnly = false)
    {
        var p = await db.Set<Promotion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == promotionId && x.PublishedAt != null, ct);
        if (amountOnly) return p is null ? null : AmountProblem(p, a.AmountMinor);
        if (p is null || !await db.Set<PromotionSignUp>().AnyAsync(s => s.PromotionId == promotionId && s.CustomerId == a.CustomerId, ct))
            return SharedText.PromoNotHeld;
        if (!p.ProductIds.Contains(a.ProductId)) return SharedText.PromoNotForProduct;
        if (p.EndedAt is not null) return SharedText.PromoEnded;
        // Checked again here: a customer who signed up and took a loan since is no longer new.
        if (p.NewCustomersOnly && await db.Loans.AnyAsync(l => l.CustomerId == a.CustomerId, ct)) return SharedText.PromoNewCustomersOnly;
        if (checkAmount && AmountProblem(p, a.AmountMinor) is { } tooSmall) return tooSmall;
        if (await db.Applications.AnyAsync(x => x.CustomerId == a.CustomerId && x.Id != a.Id && x.PromotionId == promotionId && !Released.Contains(x.State), ct))
            return SharedText.PromoUsedElsewhere;
        return null;
    }

    /// <summary>Why an offer of this amount cannot keep the application's promotion (its minimum), or null.</summary>
    public async Task<string?> OfferProblemAsync(int? promotionId, long offerMinor, CancellationToken ct) =>
        promotionId is null ? null
        : await db.Set<Promotion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == promotionId, ct) is { } p ? AmountProblem(p, offerMinor) : null;

    /// <summary>The benefit an application's promotion gives its price, or null (its title and gift in the reader's language).</summary>
    public async Task<AppliedPromotion?> BenefitOfAsync(int? promotionId, CancellationToken ct)
    {
        if (promotionId is null) return null;
        var p = await db.Set<Promotion>().AsNoTracking().FirstAsync(x => x.Id == promotionId, ct);
        var words = PromotionWords.Of(p, disclosure.Value.Currency);
        return new AppliedPromotion(p.Id, p.Slug, words.Title, words.Benefit);
    }

    private static string? AmountProblem(Promotion p, long? amountMinor) =>
        p.MinAmountMinor is { } min && amountMinor < min ? string.Format(SharedText.PromoMinAmount, Money.FromMinor(min)) : null;
}
