using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Promotions;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Catalog;

namespace Portal.Server.Features.Applications;

/// <summary>
/// The terms an application was made under: its own product version (not the product's latest), with its promotion's
/// benefit applied. The offer, the contract and the loan all price these.
/// </summary>
public sealed class ApplicationTerms(PortalDbContext db, PromotionRules promotions, IOptions<DisclosureOptions> disclosure, LocalCalendar calendar)
{
    /// <summary>The terms, priced as of today in the lender's calendar.</summary>
    public async Task<ProductDetails> OfAsync(LoanApplication a, CancellationToken ct)
    {
        var version = a.ProductVersion ?? await db.ProductVersions.AsNoTracking().SingleAsync(v => v.Id == a.ProductVersionId, ct);
        var slug = await db.Products.Where(p => p.Id == a.ProductId).Select(p => p.Slug).SingleAsync(ct);
        var product = version.Describe(slug, disclosure.Value, calendar.Today);
        return await promotions.BenefitOfAsync(a.PromotionId, ct) is { } promotion ? promotion.Benefit.ApplyTo(product) : product;
    }
}
