using Ganss.Xss;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Documents;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Promotions;

/// <summary>Promotions as visitors and customers see them: the public pages, sign-ups, and the choice about marketing email.</summary>
public sealed class PromotionsService(
    PortalDbContext db, ICurrentUser user, TimeProvider clock, DocumentStore store, IOptions<DisclosureOptions> disclosure,
    MarketingConsent consent) : IPromotionsService
{
    private DateTimeOffset Now => clock.GetUtcNow();
    private IQueryable<Promotion> Published => db.Set<Promotion>().Where(p => p.PublishedAt != null);

    public async Task<IReadOnlyList<PromotionView>> ListOpenAsync(CancellationToken ct = default)
    {
        var now = Now;
        var open = await Published.AsNoTracking()
            .Where(p => p.EndedAt == null && p.SignUpFrom <= now && p.SignUpUntil >= now && (p.Capacity == null || p.SignUps < p.Capacity))
            .OrderBy(p => p.SignUpUntil).ToListAsync(ct);
        return await ViewsAsync(open, ct);
    }

    public Task<PromotionView?> GetAsync(string slug, CancellationToken ct = default) => ReadAsync(slug, countView: true, ct);

    private async Task<PromotionView?> ReadAsync(string slug, bool countView, CancellationToken ct)
    {
        var p = await Published.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (p is null || p.PhaseAt(Now) == PromotionPhase.Scheduled) return null;
        // A visitor's reading is a view; staff looking at it, and the answer to a sign-up, are not.
        if (countView && !user.Has(Permissions.StaffArea))
            await db.Set<Promotion>().Where(x => x.Id == p.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Views, x => x.Views + 1), ct);
        var view = (await ViewsAsync([p], ct))[0];
        if (!user.Has(Permissions.ApplyForLoans)) return view;
        var mine = await db.Set<PromotionSignUp>().AsNoTracking().Where(s => s.PromotionId == p.Id && s.CustomerId == user.Id).FirstOrDefaultAsync(ct);
        return mine is null ? view : view with { SignedUpAt = mine.At };
    }

    /// <summary>
    /// One place per customer, and never more places than the capacity: the count goes up in one conditional UPDATE
    /// (which SQLite serialises and PostgreSQL re-checks on the locked row), in the same transaction as the sign-up row
    /// whose unique index stops a second one.
    /// </summary>
    public async Task<PromotionView> SignUpAsync(string slug, CancellationToken ct = default)
    {
        user.Require(Permissions.ApplyForLoans);
        var me = user.Id!;
        var now = Now;
        var p = await Published.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) ?? throw new NotFoundException(SharedText.PromoNotFound);
        if (await db.Set<PromotionSignUp>().AnyAsync(s => s.PromotionId == p.Id && s.CustomerId == me, ct))
            return (await ReadAsync(slug, countView: false, ct))!;
        Refuse(p.PhaseAt(now), p);
        if (p.NewCustomersOnly && await db.Loans.AnyAsync(x => x.CustomerId == me, ct))
            throw new ConflictException(SharedText.PromoNewCustomersOnly);

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var taken = await db.Set<Promotion>()
                .Where(x => x.Id == p.Id && x.EndedAt == null && x.SignUpFrom <= now && x.SignUpUntil >= now && (x.Capacity == null || x.SignUps < x.Capacity))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SignUps, x => x.SignUps + 1), ct);
            if (taken == 0)
            {
                await tx.RollbackAsync(ct);
                Refuse(PromotionPhase.Closed, await db.Set<Promotion>().AsNoTracking().FirstAsync(x => x.Id == p.Id, ct));
            }
            db.Add(new PromotionSignUp { PromotionId = p.Id, CustomerId = me, At = now });
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same customer in two tabs at once: the other request holds the place.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        return (await ReadAsync(slug, countView: false, ct))!;
    }

    private static void Refuse(PromotionPhase phase, Promotion p)
    {
        if (phase == PromotionPhase.Open) return;
        throw new ConflictException(phase == PromotionPhase.Closed && p.SignUps >= p.Capacity ? SharedText.PromoFull : SharedText.PromoNotOpen);
    }

    public async Task<IReadOnlyList<PromotionView>> MineAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ApplyForLoans);
        var me = user.Id!;
        var held = await db.Set<PromotionSignUp>().AsNoTracking().Where(s => s.CustomerId == me).OrderByDescending(s => s.At)
            .Join(db.Set<Promotion>(), s => s.PromotionId, p => p.Id, (s, p) => new { s.At, Promotion = p }).ToListAsync(ct);
        var used = await db.Applications.AsNoTracking()
            .Where(a => a.CustomerId == me && a.PromotionId != null && !PromotionRules.Released.Contains(a.State))
            .Select(a => new { a.PromotionId, a.Reference }).ToListAsync(ct);
        var views = await ViewsAsync([.. held.Select(h => h.Promotion)], ct);
        return [.. views.Select((v, i) => v with { SignedUpAt = held[i].At, UsedOn = used.FirstOrDefault(u => u.PromotionId == v.Id)?.Reference })];
    }

    public async Task<MarketingPreference> MarketingAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ApplyForLoans);
        var u = await db.Users.AsNoTracking().FirstAsync(x => x.Id == user.Id, ct);
        return new MarketingPreference(u.MarketingOptIn, u.MarketingChangedAt);
    }

    public async Task<MarketingPreference> SetMarketingAsync(bool optIn, CancellationToken ct = default)
    {
        user.Require(Permissions.ApplyForLoans);
        await consent.SetAsync(user.Id!, optIn, "preferences", ct);
        await db.SaveChangesAsync(ct);
        return await MarketingAsync(ct);
    }

    public async Task UnsubscribeAsync(string token, CancellationToken ct = default)
    {
        string userId;
        try
        {
            userId = consent.UnsubscribeLinks.Unprotect(token ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new DomainValidationException(nameof(token), SharedText.PromoUnsubscribeInvalid);
        }
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) throw new DomainValidationException(nameof(token), SharedText.PromoUnsubscribeInvalid);
        await consent.SetAsync(userId, false, "unsubscribe-link", ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The image of a promotion customers can see (or marketing, of any), or null.</summary>
    public async Task<(Stream Content, string ContentType, bool Published)?> ImageAsync(string slug, CancellationToken ct)
    {
        var p = await db.Set<Promotion>().AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (p?.ImageName is null || (p.PublishedAt is null && !user.Has(Permissions.ManagePromotions))) return null;
        return (await store.OpenAsync(p.ImageName, ct), p.ImageContentType!, p.PublishedAt is not null);
    }

    private async Task<IReadOnlyList<PromotionView>> ViewsAsync(IReadOnlyList<Promotion> promotions, CancellationToken ct)
    {
        var ids = promotions.SelectMany(p => p.ProductIds).Distinct().ToList();
        var zh = Bilingual.IsChinese();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) && p.CurrentVersionId != null)
            .Select(p => new PromotionProduct(p.Id, p.Slug, zh && p.CurrentVersion!.NameZh != "" ? p.CurrentVersion.NameZh : p.CurrentVersion!.Name))
            .ToDictionaryAsync(p => p.Id, ct);
        var now = Now;
        var currency = disclosure.Value.Currency;
        return [.. promotions.Select(p => (p, Words: PromotionWords.Of(p, currency))).Select(x => new PromotionView(x.p.Id, x.p.Slug, x.Words.Title, x.Words.Summary,
            x.Words.DescriptionHtml, x.Words.Terms, x.Words.Benefit, [.. x.p.ProductIds.Where(products.ContainsKey).Select(i => products[i])], x.p.NewCustomersOnly,
            x.p.MinAmountMinor is { } m ? Money.FromMinor(m) : null, x.p.SignUpFrom, x.p.SignUpUntil, x.p.Capacity, x.p.SignUps, x.p.PhaseAt(now),
            x.p.ImageName is not null, currency))];
    }
}
