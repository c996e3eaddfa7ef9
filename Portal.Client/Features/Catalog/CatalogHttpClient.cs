using System.Net;
using System.Net.Http.Json;
using Portal.Shared.Features.Catalog;

namespace Portal.Client.Features.Catalog;

internal sealed class CatalogHttpClient(HttpClient http) : ICatalogService
{
    public async Task<IReadOnlyList<ProductSummary>> ListPublishedAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/catalog/products", ct)).ReadAsync<List<ProductSummary>>(ct);

    public async Task<ProductDetails?> GetPublishedAsync(string slug, CancellationToken ct = default)
    {
        var response = await http.GetAsync($"api/catalog/products/{Uri.EscapeDataString(slug)}", ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.ReadAsync<ProductDetails>(ct);
    }

    public async Task<IReadOnlyList<ProductAdminRow>> ListForStaffAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/catalog/staff/products", ct)).ReadAsync<List<ProductAdminRow>>(ct);

    public async Task<ProductEdit?> GetForEditAsync(int id, CancellationToken ct = default)
    {
        var response = await http.GetAsync($"api/catalog/staff/products/{id}", ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.ReadAsync<ProductEdit>(ct);
    }

    public async Task<ProductAdminRow> SaveAsync(ProductEdit product, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync("api/catalog/staff/products", product, ct)).ReadAsync<ProductAdminRow>(ct);

    public async Task<ProductAdminRow> SetPublishedAsync(int id, bool published, Guid concurrencyStamp, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/catalog/staff/products/{id}/{(published ? "publish" : "unpublish")}", new ProductStamp(concurrencyStamp), ct))
            .ReadAsync<ProductAdminRow>(ct);
}
