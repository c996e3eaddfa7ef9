using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Catalog;

/// <summary>The catalog over EF Core: used by prerendering and by the catalog API alike.</summary>
public sealed class CatalogService(
    PortalDbContext db, IOptions<DisclosureOptions> disclosure, TimeProvider clock, ICurrentUser user, ILogger<CatalogService> log,
    IMemoryCache cache, LocalCalendar calendar) : ICatalogService
{
    private DisclosureOptions Disclosure => disclosure.Value;

    public async Task<IReadOnlyList<ProductSummary>> ListPublishedAsync(CancellationToken ct = default)
    {
        var products = await Published().OrderBy(p => p.Slug).ToListAsync(ct);
        return products.Select(TryDetails).OfType<ProductDetails>().Select(d => new ProductSummary(
            d.Slug, d.Name, d.Kind, d.Summary, d.MinAmount, d.MaxAmount, d.MinMonths, d.MaxMonths,
            d.MinRatePercent, d.MaxRatePercent, d.MinAprPercent, d.MaxAprPercent, d.Currency, d.Regime)).ToList();
    }

    public async Task<ProductDetails?> GetPublishedAsync(string slug, CancellationToken ct = default)
    {
        var product = await Published().FirstOrDefaultAsync(p => p.Slug == slug, ct);
        return product is null ? null : TryDetails(product);
    }

    public async Task<IReadOnlyList<ProductAdminRow>> ListForStaffAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ManageProducts);
        var products = await db.Products.AsNoTracking().Include(p => p.CurrentVersion).OrderBy(p => p.Slug).ToListAsync(ct);
        return products.Select(ToRow).ToList();
    }

    public async Task<ProductEdit?> GetForEditAsync(int id, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageProducts);
        var p = await db.Products.AsNoTracking().Include(p => p.CurrentVersion).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (p?.CurrentVersion is not { } v) return null;
        return new ProductEdit
        {
            Id = p.Id, Version = v.Version, IsPublished = p.IsPublished, ConcurrencyStamp = p.ConcurrencyStamp, Slug = p.Slug, Name = v.Name, NameZh = v.NameZh, Kind = v.Kind,
            Summary = v.Summary, SummaryZh = v.SummaryZh, Description = v.Description, DescriptionZh = v.DescriptionZh,
            MinAmount = Money.FromMinor(v.MinAmountMinor), MaxAmount = Money.FromMinor(v.MaxAmountMinor),
            MinMonths = v.MinMonths, MaxMonths = v.MaxMonths, Methods = [.. v.Methods], GradeRates = [.. v.GradeRates],
            Fees = v.Fees.Select(f => FeeEdit.From(f.ToFee())).ToList(),
            MinAge = v.MinAge, MaxAge = v.MaxAge, MinMonthlyIncome = Money.FromMinor(v.MinMonthlyIncomeMinor),
            MinYearsTrading = v.MinYearsTrading, ResidentsOnly = v.ResidentsOnly, GraceDays = v.GraceDays, PenaltyMarkupPercent = v.PenaltyMarkupPercent, RequiredDocuments = [.. v.RequiredDocuments],
            RequiredDocumentsZh = [.. v.RequiredDocuments.Select((_, i) => i < v.RequiredDocumentsZh.Count ? v.RequiredDocumentsZh[i] : "")],
            ExampleAmount = Money.FromMinor(v.ExampleAmountMinor), ExampleMonths = v.ExampleMonths,
            ExampleMethod = v.ExampleMethod, ExampleGrade = v.ExampleGrade,
            PublishFrom = p.PublishedFrom is { } from ? DateOnly.FromDateTime(from.UtcDateTime) : null,
            PublishUntil = p.PublishedUntil is { } until ? DateOnly.FromDateTime(until.UtcDateTime).AddDays(-1) : null,
        };
    }

    public async Task<ProductAdminRow> SaveAsync(ProductEdit edit, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageProducts);
        Validate(edit);
        var now = clock.GetUtcNow();
        if (await db.Products.AnyAsync(p => p.Slug == edit.Slug && p.Id != edit.Id, ct))
            throw new DomainValidationException(nameof(edit.Slug), string.Format(SharedText.ProductAddressTaken, edit.Slug));

        Product product;
        if (edit.Id is null)
        {
            product = new Product { Slug = edit.Slug, UpdatedAt = now };
            SetWindow(product, edit);
            var first = NewVersion(edit, 1, now);
            product.Versions.Add(first);
            db.Products.Add(product);
            // The current-version pointer needs the version's key, so it is set after a first save.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await SaveConcurrently(ct);
            product.CurrentVersionId = first.Id;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            product.CurrentVersion = first;
            return ToRow(product);
        }

        product = await db.Products.Include(p => p.CurrentVersion).FirstOrDefaultAsync(p => p.Id == edit.Id, ct)
            ?? throw new NotFoundException(SharedText.ProductNotFound);
        var current = product.CurrentVersion!;
        if (current.Version != edit.Version || product.ConcurrencyStamp != edit.ConcurrencyStamp)
            throw new ConflictException(string.Format(SharedText.ProductChangedVersion, current.Version));
        // Compared again by the database, so a change that lands between this read and the save is caught too.
        db.Entry(product).Property(p => p.ConcurrencyStamp).OriginalValue = edit.ConcurrencyStamp;

        product.Slug = edit.Slug;
        SetWindow(product, edit);
        product.UpdatedAt = now;
        product.ConcurrencyStamp = Guid.NewGuid();
        if (current.WasPublished)
        {
            // Published terms are what applications were made under: keep them, start a new version.
            var next = NewVersion(edit, current.Version + 1, now);
            next.WasPublished = product.IsPublished;
            product.Versions.Add(next);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await SaveConcurrently(ct);
            product.CurrentVersionId = next.Id;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            product.CurrentVersion = next;
        }
        else
        {
            Apply(edit, current);
            await SaveConcurrently(ct);
        }
        return ToRow(product);
    }

    public async Task<ProductAdminRow> SetPublishedAsync(int id, bool published, Guid concurrencyStamp, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageProducts);
        var product = await db.Products.Include(p => p.CurrentVersion).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException(SharedText.ProductNotFound);
        if (product.ConcurrencyStamp != concurrencyStamp)
            throw new ConflictException(SharedText.ProductChangedBeforePublish);
        db.Entry(product).Property(p => p.ConcurrencyStamp).OriginalValue = concurrencyStamp;
        var now = clock.GetUtcNow();
        product.IsPublished = published;
        product.UpdatedAt = now;
        product.ConcurrencyStamp = Guid.NewGuid();
        if (published)
        {
            product.CurrentVersion!.WasPublished = true;
        }
        await SaveConcurrently(ct);
        return ToRow(product);
    }

    /// <summary>Published and inside its window now.</summary>
    private IQueryable<Product> Published()
    {
        var now = clock.GetUtcNow();
        return db.Products.AsNoTracking().Include(p => p.CurrentVersion)
            .Where(p => p.IsPublished && (p.PublishedFrom == null || p.PublishedFrom <= now) && (p.PublishedUntil == null || p.PublishedUntil > now));
    }

    // Whole UTC days: from the start of the first to the end of the last.
    private static void SetWindow(Product p, ProductEdit e)
    {
        p.PublishedFrom = e.PublishFrom is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        p.PublishedUntil = e.PublishUntil is { } until ? new DateTimeOffset(until.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
    }

    private async Task SaveConcurrently(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(SharedText.ProductChangedMeanwhile);
        }
        catch (DbUpdateException)
        {
            // A unique index (address, version number) lost a race with another save.
            throw new ConflictException(SharedText.ProductSavedMeanwhile);
        }
    }

    private static void Validate(ProductEdit edit) =>
        DomainValidationException.ThrowIfInvalid([edit, .. edit.Fees], edit.Problems().Select(p => new ValidationResult(p)));

    private ProductVersion NewVersion(ProductEdit edit, int version, DateTimeOffset now)
    {
        var v = new ProductVersion { Version = version, CreatedAt = now, CreatedBy = user.Name ?? "" };
        Apply(edit, v);
        return v;
    }

    internal static void Apply(ProductEdit e, ProductVersion v)
    {
        v.Name = e.Name.Trim();
        v.NameZh = e.NameZh?.Trim() ?? "";
        v.Kind = e.Kind;
        v.Summary = e.Summary.Trim();
        v.SummaryZh = e.SummaryZh?.Trim() ?? "";
        v.Description = e.Description.Trim();
        v.DescriptionZh = e.DescriptionZh?.Trim() ?? "";
        v.MinAmountMinor = Money.ToMinor(e.MinAmount);
        v.MaxAmountMinor = Money.ToMinor(e.MaxAmount);
        v.MinMonths = e.MinMonths;
        v.MaxMonths = e.MaxMonths;
        v.Methods = e.Methods.Distinct().ToList();
        (v.RateA, v.RateB, v.RateC, v.RateD, v.RateE) = (e.GradeRates[0], e.GradeRates[1], e.GradeRates[2], e.GradeRates[3], e.GradeRates[4]);
        v.Fees = e.Fees.Select(f => new ProductFee
        {
            Code = f.Code.Trim(), Kind = f.Kind, FixedAmountMinor = Money.ToMinor(f.FixedAmount),
            PercentOfPrincipal = f.PercentOfPrincipal,
            CapAmountMinor = f.CapAmount is { } cap ? Money.ToMinor(cap) : null, DeductedFromPayout = f.DeductedFromPayout,
        }).ToList();
        v.MinAge = e.MinAge;
        v.MaxAge = e.MaxAge;
        v.MinMonthlyIncomeMinor = Money.ToMinor(e.MinMonthlyIncome);
        v.MinYearsTrading = e.MinYearsTrading;
        v.ResidentsOnly = e.ResidentsOnly;
        v.GraceDays = e.GraceDays;
        v.PenaltyMarkupPercent = e.PenaltyMarkupPercent;
        // A document's Chinese name travels with its English one, which is the key its uploads are filed under.
        var chinese = e.RequiredDocumentsZh ?? [];
        var documents = e.RequiredDocuments.Select((d, i) => (Key: d?.Trim() ?? "", Zh: i < chinese.Count ? chinese[i]?.Trim() ?? "" : ""))
            .Where(d => d.Key.Length > 0).ToList();
        v.RequiredDocuments = [.. documents.Select(d => d.Key)];
        v.RequiredDocumentsZh = [.. documents.Select(d => d.Zh)];
        v.ExampleAmountMinor = Money.ToMinor(e.ExampleAmount);
        v.ExampleMonths = e.ExampleMonths;
        v.ExampleMethod = e.ExampleMethod;
        v.ExampleGrade = e.ExampleGrade;
    }

    // One product the engine cannot price (terms saved before a rule existed) must not take the whole catalog down.
    private ProductDetails? TryDetails(Product p)
    {
        try
        {
            return ToDetails(p);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            log.LogError(e, "Product {Slug} version {Version} cannot be priced and is left out of the catalog", p.Slug, p.CurrentVersion?.Version);
            return null;
        }
    }

    private static ProductAdminRow ToRow(Product p) =>
        new(p.Id, p.Slug, p.CurrentVersion is { } v ? Bilingual.Pick(v.Name, v.NameZh) : p.Slug, p.CurrentVersion?.Kind ?? default, p.CurrentVersion?.Version ?? 0,
            p.IsPublished, p.UpdatedAt, p.ConcurrencyStamp)
        {
            MissingChinese = p.CurrentVersion?.MissingChinese() ?? [],
        };

    /// <summary>
    /// A published version never changes, so its disclosed figures are the same all day: the APR
    /// range (a search over every term) is computed once per version and day, not on every request.
    /// The texts around it are in the reader's language and number format, so they are written out each time (cheaply).
    /// </summary>
    private ProductDetails ToDetails(Product p)
    {
        var pricedOn = calendar.Today;
        var details = p.CurrentVersion!.Describe(p.Slug, Disclosure, pricedOn);
        var key = ("AprRange", p.CurrentVersionId, pricedOn, Disclosure.Regime, Disclosure.Currency);
        var (min, max) = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1);
            return details.AprRange();
        });
        return details with { MinAprPercent = min, MaxAprPercent = max };
    }
}
