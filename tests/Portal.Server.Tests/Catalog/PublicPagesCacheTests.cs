using System.Net;
using System.Net.Http.Json;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Catalog;

/// <summary>
/// The catalog pages a visitor sees before signing in are rendered once and served from memory (issue 6): the same
/// page for every visitor, never with a cookie, never for someone signed in, and never stale after a staff change.
/// </summary>
[Collection(nameof(PortalCollection))]
public sealed class PublicPagesCacheTests(PortalFactory app)
{
    private const string StaffProducts = ProductManagementTests.StaffProducts;

    private async Task<HttpResponseMessage> Visit(string url, string? language = null)
    {
        var client = app.CreateClient();
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Theory]
    [InlineData("/")]
    [InlineData("/products")]
    [InlineData("/products/everyday-personal-loan")]
    public async Task Visitors_share_one_render_and_none_is_handed_a_cookie(string url)
    {
        var first = await Visit(url);
        var second = await Visit(url);

        Assert.NotNull(second.Headers.Age); // served from the copy
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        // The render issued an antiforgery cookie; one shared by every visitor would let anyone forge a form.
        Assert.False(first.Headers.Contains("Set-Cookie"));
        Assert.False(second.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Someone_signed_in_always_gets_their_own_render()
    {
        await Visit("/products");
        var customer = await app.SignedInAsync(Roles.Customer);

        var response = await customer.GetAsync("/products");

        Assert.Null(response.Headers.Age);
        Assert.Contains("data-testid=\"nav-applications\"", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("data-testid=\"nav-applications\"", await (await Visit("/products")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_language_has_its_own_copy()
    {
        Assert.Contains("Our loans", await Html(await Visit("/products", "en")));
        Assert.Contains("我们的贷款产品", await Html(await Visit("/products", "zh-CN")));
        Assert.Contains("Our loans", await Html(await Visit("/products", "en")));
    }

    [Fact]
    public async Task A_product_published_or_withdrawn_by_staff_shows_on_the_cached_pages_at_once()
    {
        Assert.DoesNotContain("Cached Catalog Loan", await Html(await Visit("/products")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/products/cached-catalog-loan")).StatusCode);
        var staff = await ProductManagementTests.ProductManager(app);
        var product = ProductManagementTests.NewProduct("cached-catalog-loan");
        product.Name = "Cached Catalog Loan";
        product.Summary = "Published while the catalog is cached.";
        var row = (await (await staff.SendAsync(Api.Post(StaffProducts, product))).Content.ReadFromJsonAsync<ProductAdminRow>())!;

        var published = (await (await staff.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/publish", new ProductStamp(row.ConcurrencyStamp))))
            .Content.ReadFromJsonAsync<ProductAdminRow>())!;
        Assert.Contains("Cached Catalog Loan", await Html(await Visit("/products")));
        Assert.Contains("Published while the catalog is cached.", await Html(await Visit("/products/cached-catalog-loan")));

        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/unpublish", new ProductStamp(published.ConcurrencyStamp)))).StatusCode);
        Assert.DoesNotContain("Cached Catalog Loan", await Html(await Visit("/products")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/products/cached-catalog-loan")).StatusCode);
    }
}
