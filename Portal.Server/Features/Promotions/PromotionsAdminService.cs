using System.Text.Encodings.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Client;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Documents;
using Portal.Server.Infrastructure;
using Portal.Server.Infrastructure.Email;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Promotions;

/// <summary>Marketing's side of promotions: editing, translating, publishing, ending, the figures, and the campaign email.</summary>
public sealed class PromotionsAdminService(
    PortalDbContext db, ICurrentUser user, TimeProvider clock, DocumentStore store, IDocumentScanner scanner, IOptions<DisclosureOptions> disclosure,
    PublicAddress publicAddress, MarketingConsent consent, IStringLocalizer<Strings> l) : IPromotionsAdminService
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The largest image marketing may upload.</summary>
    public const int MaxImageBytes = 2 * 1024 * 1024;

    public async Task<IReadOnlyList<PromotionRow>> ListAllAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        var all = await db.Set<Promotion>().AsNoTracking().OrderByDescending(p => p.UpdatedAt).ToListAsync(ct);
        var stats = await StatsAsync(null, ct);
        var now = Now;
        return [.. all.Select(p => new PromotionRow(p.Id, p.Slug, PromotionWords.TitleOf(p.Title, p.TitleZh, p.MinAmountMinor, disclosure.Value.Currency), p.Kind,
            p.PhaseAt(now), p.SignUpFrom, p.SignUpUntil, p.Capacity, stats.GetValueOrDefault(p.Id, Empty) with { Views = p.Views, SignUps = p.SignUps })
        {
            MissingChinese = MissingChinese(p),
        })];
    }

    private PromotionStats Empty => new(0, 0, 0, 0, 0, 0m, disclosure.Value.Currency);

    /// <summary>Applications, approvals and payouts per promotion, from the applications and loans themselves.</summary>
    private async Task<Dictionary<int, PromotionStats>> StatsAsync(int? id, CancellationToken ct)
    {
        var approved = new[] { ApplicationState.Approved, ApplicationState.OfferAccepted, ApplicationState.ContractSigned, ApplicationState.Disbursed };
        var apps = await db.Applications.AsNoTracking()
            .Where(a => a.PromotionId != null && (id == null || a.PromotionId == id) && a.State != ApplicationState.Draft)
            .GroupBy(a => a.PromotionId!.Value)
            .Select(g => new
            {
                Id = g.Key, Count = g.Count(),
                Approved = g.Count(a => approved.Contains(a.State) || (a.State == ApplicationState.Expired && a.OfferAmountMinor != null)),
            })
            .ToListAsync(ct);
        var loans = await db.Loans.AsNoTracking().Where(x => x.PromotionId != null && (id == null || x.PromotionId == id))
            .GroupBy(x => x.PromotionId!.Value).Select(g => new { Id = g.Key, Count = g.Count(), Amount = g.Sum(x => x.PrincipalMinor) })
            .ToListAsync(ct);
        return apps.Select(a => a.Id).Union(loans.Select(x => x.Id)).ToDictionary(k => k, k =>
        {
            var a = apps.FirstOrDefault(x => x.Id == k);
            var n = loans.FirstOrDefault(x => x.Id == k);
            return new PromotionStats(0, 0, a?.Count ?? 0, a?.Approved ?? 0, n?.Count ?? 0, Money.FromMinor(n?.Amount ?? 0), disclosure.Value.Currency);
        });
    }

    public async Task<IReadOnlyList<PromotionProductChoice>> ProductChoicesAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        var products = await db.Products.AsNoTracking().Where(p => p.CurrentVersionId != null)
            .Select(p => new { p.Id, p.Slug, p.CurrentVersion!.Name, p.CurrentVersion.NameZh, p.CurrentVersion.Fees }).ToListAsync(ct);
        return [.. products.Select(p => new PromotionProductChoice(p.Id, p.Slug, Bilingual.Pick(p.Name, p.NameZh), [.. p.Fees.Select(f => f.Code)]))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)];
    }

    public async Task<PromotionEdit> GetForEditAsync(int id, CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        var p = await db.Set<Promotion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.PromoNotFound);
        var stats = (await StatsAsync(id, ct)).GetValueOrDefault(id, Empty) with { Views = p.Views, SignUps = p.SignUps };
        return new PromotionEdit
        {
            Id = p.Id, Phase = p.PhaseAt(Now), ConcurrencyStamp = p.ConcurrencyStamp, Title = p.Title, TitleZh = p.TitleZh, Slug = p.Slug,
            Summary = p.Summary, SummaryZh = p.SummaryZh, DescriptionHtml = p.DescriptionHtml, DescriptionHtmlZh = p.DescriptionHtmlZh,
            Terms = p.Terms, TermsZh = p.TermsZh, Kind = p.Kind, DiscountBasisPoints = p.DiscountBasisPoints,
            WaivedFeeCode = p.WaivedFeeCode, Gift = p.Gift, GiftZh = p.GiftZh, ProductIds = [.. p.ProductIds], NewCustomersOnly = p.NewCustomersOnly,
            MinAmount = p.MinAmountMinor is { } m ? Money.FromMinor(m) : null, SignUpFrom = p.SignUpFrom, SignUpUntil = p.SignUpUntil,
            Capacity = p.Capacity, HasImage = p.ImageName is not null, Stats = stats,
        };
    }

    public async Task<PromotionEdit> SaveAsync(PromotionEdit edit, CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        DomainValidationException.ThrowIfInvalid([edit], await CheckAgainstProductsAsync(edit, ct));
        if (await db.Set<Promotion>().AnyAsync(p => p.Slug == edit.Slug && p.Id != edit.Id, ct))
            throw new DomainValidationException(nameof(edit.Slug), SharedText.PromoSlugTaken);
        var now = Now;
        Promotion p;
        object? before = null;
        if (edit.Id is { } id)
        {
            p = await DraftAsync(id, edit.ConcurrencyStamp, ct);
            before = Snapshot(p);
        }
        else
        {
            p = new Promotion { CreatedAt = now, CreatedBy = user.Name ?? user.Id! };
            db.Add(p);
        }
        p.Title = edit.Title.Trim();
        p.TitleZh = edit.TitleZh?.Trim() ?? "";
        p.Slug = edit.Slug;
        p.Summary = edit.Summary.Trim();
        p.SummaryZh = edit.SummaryZh?.Trim() ?? "";
        p.DescriptionHtml = SanitizedDescription(edit.DescriptionHtml, nameof(edit.DescriptionHtml));
        p.DescriptionHtmlZh = SanitizedDescription(edit.DescriptionHtmlZh, nameof(edit.DescriptionHtmlZh));
        p.Terms = edit.Terms.Trim();
        p.TermsZh = edit.TermsZh?.Trim() ?? "";
        p.Kind = edit.Kind;
        p.DiscountBasisPoints = edit.Kind == PromotionKind.RateDiscount ? edit.DiscountBasisPoints : 0;
        p.WaivedFeeCode = edit.Kind == PromotionKind.FeeWaiver ? edit.WaivedFeeCode : null;
        p.Gift = edit.Kind == PromotionKind.Gift ? edit.Gift?.Trim() : null;
        p.GiftZh = edit.Kind == PromotionKind.Gift && !string.IsNullOrWhiteSpace(edit.GiftZh) ? edit.GiftZh.Trim() : null;
        p.ProductIds = [.. edit.ProductIds.Distinct().Order()];
        p.NewCustomersOnly = edit.NewCustomersOnly;
        p.MinAmountMinor = edit.MinAmount is > 0 and { } min ? Money.ToMinor(min) : null;
        p.SignUpFrom = edit.SignUpFrom.ToUniversalTime();
        p.SignUpUntil = edit.SignUpUntil.ToUniversalTime();
        p.Capacity = edit.Capacity;
        p.UpdatedAt = now;
        p.ConcurrencyStamp = Guid.NewGuid();
        await SaveAuditedAsync(p, edit.Id is null ? "CreatePromotion" : "EditPromotion", before, ct);
        return await GetForEditAsync(p.Id, ct);
    }

    private static string SanitizedDescription(string? html, string field)
    {
        var safe = RichText.Sanitize(html);
        // What sanitizing adds (rel on links, escaped ampersands) counts too: the column holds twice what may be typed.
        if (safe.Length > 16_000) throw new DomainValidationException(field, SharedText.PromoDescriptionTooLong);
        return safe;
    }

    private static List<string> MissingChinese(Promotion p) => PromotionTexts.MissingChinese(p.Kind, p.Title, p.TitleZh, p.Summary, p.SummaryZh,
        p.DescriptionHtml, p.DescriptionHtmlZh, p.Terms, p.TermsZh, p.Gift, p.GiftZh);

    /// <summary>
    /// A published promotion's terms never change, in either language: a Chinese text already written stays as it is.
    /// What has not been written in Chinese yet may be added, so Chinese readers stop seeing the English there.
    /// </summary>
    public async Task<PromotionEdit> TranslateAsync(int id, PromotionTranslation translation, CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        DomainValidationException.ThrowIfInvalid([translation], []);
        var p = await db.Set<Promotion>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.PromoNotFound);
        if (p.ConcurrencyStamp != translation.ConcurrencyStamp) throw new ConflictException(SharedText.PromoChangedMeanwhile);
        if (p.PublishedAt is null) throw new ConflictException(SharedText.PromoTranslateDraft);
        var added = new Dictionary<string, string>();
        string Add(string field, string current, string? proposed)
        {
            proposed = proposed?.Trim() ?? "";
            if (proposed.Length == 0 || proposed == current) return current;
            if (current.Length > 0) throw new ConflictException(SharedText.PromoTranslationLocked);
            added[field] = proposed;
            return proposed;
        }
        p.TitleZh = Add(nameof(p.TitleZh), p.TitleZh, translation.TitleZh);
        p.SummaryZh = Add(nameof(p.SummaryZh), p.SummaryZh, translation.SummaryZh);
        var description = string.IsNullOrWhiteSpace(translation.DescriptionHtmlZh) ? "" : SanitizedDescription(translation.DescriptionHtmlZh, nameof(translation.DescriptionHtmlZh));
        p.DescriptionHtmlZh = Add(nameof(p.DescriptionHtmlZh), p.DescriptionHtmlZh, description);
        p.TermsZh = Add(nameof(p.TermsZh), p.TermsZh, translation.TermsZh);
        if (p.Kind == PromotionKind.Gift) p.GiftZh = NullIfEmpty(Add(nameof(p.GiftZh), p.GiftZh ?? "", translation.GiftZh));
        if (p.MinAmountMinor is null && added.Values.Any(t => TextFigures.Uses(t, TextFigures.MinAmount)))
            throw new DomainValidationException(nameof(PromotionEdit.MinAmount), SharedText.PromoMinAmountPlaceholderUnset);
        if (added.Count == 0) return await GetForEditAsync(id, ct);
        p.UpdatedAt = Now;
        p.ConcurrencyStamp = Guid.NewGuid();
        await SaveAuditedAsync(p, "TranslatePromotion", null, ct, added);
        return await GetForEditAsync(id, ct);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>The products must exist, and a waived fee must be one that each of them charges.</summary>
    private async Task<List<System.ComponentModel.DataAnnotations.ValidationResult>> CheckAgainstProductsAsync(PromotionEdit edit, CancellationToken ct)
    {
        var choices = await ProductChoicesAsync(ct);
        var chosen = choices.Where(c => edit.ProductIds.Contains(c.Id)).ToList();
        var problems = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (chosen.Count != edit.ProductIds.Distinct().Count())
            problems.Add(new(SharedText.PromoProductsRequired, [nameof(edit.ProductIds)]));
        if (edit.Kind == PromotionKind.FeeWaiver && !string.IsNullOrWhiteSpace(edit.WaivedFeeCode) && chosen.Any(c => !c.FeeCodes.Contains(edit.WaivedFeeCode)))
            problems.Add(new(SharedText.PromoFeeNotCharged, [nameof(edit.WaivedFeeCode)]));
        return problems;
    }

    public async Task<PromotionEdit> UploadImageAsync(int id, Stream content, string fileName, CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        var p = await DraftAsync(id, null, ct);
        var (bytes, type) = await DocumentFiles.ReadCheckedAsync(content, ct);
        if (type is not ("image/jpeg" or "image/png")) throw new DomainValidationException("File", SharedText.PromoImageType);
        if (bytes.Length > MaxImageBytes) throw new DomainValidationException("File", string.Format(SharedText.DocTooLarge, MaxImageBytes / 1024 / 1024));
        // Every file the portal keeps is scanned, staff's too: this one is shown to every visitor.
        if (await scanner.ScanAsync(bytes, ct) is { IsClean: false } scan)
            throw new DomainValidationException("File", string.Format(SharedText.DocInfected, scan.Threat));
        var before = Snapshot(p);
        var name = await store.SaveAsync(bytes, ct);
        var old = p.ImageName;
        p.ImageName = name;
        p.ImageContentType = type;
        p.UpdatedAt = Now;
        p.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await SaveAuditedAsync(p, "PromotionImage", before, ct, new { Sha256 = DocumentFiles.Sha256(bytes), Size = bytes.Length, type });
        }
        catch
        {
            await store.DeleteAsync(name);
            throw;
        }
        if (old is not null) await store.DeleteAsync(old);
        return await GetForEditAsync(id, ct);
    }

    public async Task<PromotionEdit> PublishAsync(int id, Guid stamp, CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        var p = await DraftAsync(id, stamp, ct);
        if (p.SignUpUntil <= Now) throw new DomainValidationException(nameof(PromotionEdit.SignUpUntil), SharedText.PromoWindowPassed);
        var before = Snapshot(p);
        p.PublishedAt = Now;
        p.UpdatedAt = Now;
        p.ConcurrencyStamp = Guid.NewGuid();
        await SaveAuditedAsync(p, "PublishPromotion", before, ct);
        return await GetForEditAsync(id, ct);
    }

    public async Task<PromotionEdit> EndAsync(int id, Guid stamp, CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        var p = await db.Set<Promotion>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.PromoNotFound);
        if (p.ConcurrencyStamp != stamp) throw new ConflictException(SharedText.PromoChangedMeanwhile);
        if (p.PublishedAt is null || p.EndedAt is not null) throw new ConflictException(SharedText.PromoNotEndable);
        var before = Snapshot(p);
        p.EndedAt = Now;
        p.UpdatedAt = Now;
        p.ConcurrencyStamp = Guid.NewGuid();
        await SaveAuditedAsync(p, "EndPromotion", before, ct);
        return await GetForEditAsync(id, ct);
    }

    public async Task<int> EmailOptedInAsync(int id, CancellationToken ct = default)
    {
        user.Require(Permissions.ManagePromotions);
        var p = await db.Set<Promotion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.PromoNotFound);
        if (p.PhaseAt(Now) != PromotionPhase.Open) throw new ConflictException(SharedText.PromoEmailNotOpen);
        var baseUrl = publicAddress.BaseUri.ToString();
        var actor = await db.ActorAsync(user, ct);
        var sent = 0;
        while (true)
        {
            // Only people who opted in, each once; in batches so a large list never sits in memory.
            var batch = await db.Users.AsNoTracking()
                .Where(u => u.MarketingOptIn && u.EmailConfirmed && u.Email != null
                    && !db.Set<PromotionMailing>().Any(m => m.PromotionId == id && m.UserId == u.Id))
                .OrderBy(u => u.Id).Take(200).Select(u => new { u.Id, u.Email, u.PreferredCulture }).ToListAsync(ct);
            if (batch.Count == 0) break;
            var now = Now;
            foreach (var u in batch)
            {
                db.Enqueue(Compose(p, u.Email!, u.PreferredCulture, baseUrl, consent.UnsubscribeLinks.Protect(u.Id)), "Promotion", now);
                db.Add(new PromotionMailing { PromotionId = id, UserId = u.Id, At = now });
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            sent += batch.Count;
        }
        db.Record(Now, actor, "EmailPromotion", "Promotion", id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Slug, null, new { Emails = sent });
        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>
    /// The email: title, summary (in the recipient's language), a link to the page, and the unsubscribe link in the body and in the List-Unsubscribe
    /// headers (RFC 8058), so mail apps offer their own one-click button. Text only from marketing's plain fields.
    /// </summary>
    private EmailMessage Compose(Promotion p, string email, string culture, string baseUrl, string token) => InCulture.Run(culture, () =>
    {
        var page = $"{baseUrl}promotions/{p.Slug}";
        var unsubscribe = $"{baseUrl}unsubscribe?token={Uri.EscapeDataString(token)}";
        var oneClick = $"{baseUrl}api/marketing/unsubscribe?token={Uri.EscapeDataString(token)}";
        var why = l["PromoEmailWhy"].Value;
        var stop = l["PromoEmailUnsubscribe"].Value;
        var h = HtmlEncoder.Default;
        var words = PromotionWords.Of(p, disclosure.Value.Currency);
        return new EmailMessage(email, words.Title,
            $"{words.Summary}\n\n{l["PromoEmailSeeMore"]}: {page}\n\n{why}\n{stop}: {unsubscribe}\n",
            $"<h1>{h.Encode(words.Title)}</h1><p>{h.Encode(words.Summary)}</p><p><a href=\"{h.Encode(page)}\">{h.Encode(l["PromoEmailSeeMore"])}</a></p>" +
            $"<p style=\"font-size:small\">{h.Encode(why)} <a href=\"{h.Encode(unsubscribe)}\">{h.Encode(stop)}</a></p>")
        { ListUnsubscribe = oneClick };
    });

    private async Task<Promotion> DraftAsync(int id, Guid? stamp, CancellationToken ct)
    {
        var p = await db.Set<Promotion>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.PromoNotFound);
        if (stamp is { } s && p.ConcurrencyStamp != s) throw new ConflictException(SharedText.PromoChangedMeanwhile);
        if (p.PublishedAt is not null) throw new ConflictException(SharedText.PromoNotEditable);
        return p;
    }

    private static object Snapshot(Promotion p) => new
    {
        p.Title, p.TitleZh, p.Slug, Kind = p.Kind.ToString(), p.DiscountBasisPoints, p.WaivedFeeCode, p.Gift, p.ProductIds, p.NewCustomersOnly,
        p.MinAmountMinor, p.SignUpFrom, p.SignUpUntil, p.Capacity, p.ImageName, p.PublishedAt, p.EndedAt,
    };

    private async Task SaveAuditedAsync(Promotion p, string action, object? before, CancellationToken ct, object? after = null)
    {
        // A new promotion needs its id before the audit entry can name it: both are written in one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            db.Record(Now, await db.ActorAsync(user, ct), action, "Promotion", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Slug,
                before, after ?? Snapshot(p));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(SharedText.PromoChangedMeanwhile);
        }
        catch (DbUpdateException)
        {
            // The one unique value marketing types: another promotion took the address at the same moment.
            throw new DomainValidationException(nameof(PromotionEdit.Slug), SharedText.PromoSlugTaken);
        }
    }
}
