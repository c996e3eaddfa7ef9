namespace Portal.Shared.Features.Catalog;

/// <summary>
/// The catalog, for visitors (published products) and product managers (every product, every version).
/// Implemented by the server over EF Core and by the browser over HTTP.
/// </summary>
public interface ICatalogService
{
    Task<IReadOnlyList<ProductSummary>> ListPublishedAsync(CancellationToken ct = default);

    Task<ProductDetails?> GetPublishedAsync(string slug, CancellationToken ct = default);

    Task<IReadOnlyList<ProductAdminRow>> ListForStaffAsync(CancellationToken ct = default);

    Task<ProductEdit?> GetForEditAsync(int id, CancellationToken ct = default);

    /// <summary>Creates a product or changes one. A change to a published product creates a new version.</summary>
    Task<ProductAdminRow> SaveAsync(ProductEdit product, CancellationToken ct = default);

    /// <summary>Publishes or withdraws the current version, provided nobody changed the product since <paramref name="concurrencyStamp"/>.</summary>
    Task<ProductAdminRow> SetPublishedAsync(int id, bool published, Guid concurrencyStamp, CancellationToken ct = default);
}
