using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Security;

namespace Portal.Server.Features.Catalog;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").WithTags("Catalog").RequireCsrfHeader();

        api.MapGet("/products", async (ICatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ListPublishedAsync(ct)))
            .AllowAnonymous().WithSummary("Published products with their rate and APR ranges");

        api.MapGet("/products/{slug}", async Task<Results<Ok<ProductDetails>, NotFound>> (string slug, ICatalogService catalog, CancellationToken ct) =>
            await catalog.GetPublishedAsync(slug, ct) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound())
            .AllowAnonymous().WithSummary("One published product: rates, fees, APR range and representative example");

        var staff = api.MapGroup("/staff/products").RequireAuthorization(Permissions.ManageProducts)
            .AddEndpointFilter(PublicPages.EvictOnChange);

        staff.MapGet("/", async (ICatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ListForStaffAsync(ct)))
            .WithSummary("Every product, published or not");

        staff.MapGet("/{id:int}", async Task<Results<Ok<ProductEdit>, NotFound>> (int id, ICatalogService catalog, CancellationToken ct) =>
            await catalog.GetForEditAsync(id, ct) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound())
            .WithSummary("A product's current version, for editing");

        staff.MapPost("/", async (ProductEdit product, ICatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.SaveAsync(product, ct)))
            .WithSummary("Create a product, or change one (a published one gets a new version)");

        staff.MapPost("/{id:int}/publish", async (int id, ProductStamp stamp, ICatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.SetPublishedAsync(id, true, stamp.ConcurrencyStamp, ct)))
            .WithSummary("Publish the product's current version");

        staff.MapPost("/{id:int}/unpublish", async (int id, ProductStamp stamp, ICatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.SetPublishedAsync(id, false, stamp.ConcurrencyStamp, ct)))
            .WithSummary("Take the product off the catalog");

        return app;
    }
}
