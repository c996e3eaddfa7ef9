using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Catalog.Staff;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Client.Tests.Catalog;

public sealed class ProductEditorTests : ClientTestContext
{
    /// <summary>A stand-in catalog that remembers what the editor saved.</summary>
    private sealed class FakeCatalog : ICatalogService
    {
        public readonly List<ProductEdit> Saved = [];
        public Exception? SaveFails;

        public Task<IReadOnlyList<ProductSummary>> ListPublishedAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProductSummary>>([]);
        public Task<ProductDetails?> GetPublishedAsync(string slug, CancellationToken ct = default) => Task.FromResult<ProductDetails?>(null);
        public Task<IReadOnlyList<ProductAdminRow>> ListForStaffAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProductAdminRow>>([]);
        public Task<ProductEdit?> GetForEditAsync(int id, CancellationToken ct = default) => Task.FromResult<ProductEdit?>(null);

        public Task<ProductAdminRow> SaveAsync(ProductEdit product, CancellationToken ct = default)
        {
            if (SaveFails is not null) throw SaveFails;
            Saved.Add(product);
            return Task.FromResult(new ProductAdminRow(7, product.Slug, product.Name, product.Kind, product.Version + 1, product.IsPublished, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        }

        public Task<ProductAdminRow> SetPublishedAsync(int id, bool published, Guid concurrencyStamp, CancellationToken ct = default) =>
            Task.FromResult(new ProductAdminRow(id, "x", "x", ProductKind.Secured, 1, published, DateTimeOffset.UnixEpoch, concurrencyStamp));
    }

    private readonly FakeCatalog catalog = new();

    public ProductEditorTests() => Services.AddSingleton<ICatalogService>(catalog);

    [Fact]
    public void A_new_product_with_missing_fields_is_not_saved_and_says_why()
    {
        var cut = Render<ProductEditor>();

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Required.", cut.Markup));
        Assert.Empty(catalog.Saved);
    }

    [Fact]
    public void Cross_field_problems_are_listed_before_anything_is_sent()
    {
        var cut = Render<ProductEditor>();
        FillByLabel(cut, "Product name", "Bridge loan");
        FillByLabel(cut, "Web address", "bridge-loan");
        FillByLabel(cut, "Summary", "Short bridging finance");
        FillByLabel(cut, "Minimum amount", "90000");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("The minimum amount is above the maximum amount.", cut.Find("[data-testid=form-problems]").TextContent));
        Assert.Empty(catalog.Saved);
    }

    [Fact]
    public void A_valid_product_is_sent_with_the_values_typed()
    {
        var cut = Render<ProductEditor>();
        FillByLabel(cut, "Product name", "Bridge loan");
        FillByLabel(cut, "Web address", "bridge-loan");
        FillByLabel(cut, "Summary", "Short bridging finance");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(catalog.Saved));
        var saved = catalog.Saved[0];
        Assert.Equal("bridge-loan", saved.Slug);
        Assert.Equal([6m, 8m, 10m, null, null], saved.GradeRates);
        Assert.Equal([RepaymentMethod.EqualInstalments], saved.Methods);
    }

    [Fact]
    public void A_refusal_from_the_server_is_shown_and_the_form_keeps_its_values()
    {
        catalog.SaveFails = new ApiProblemException(System.Net.HttpStatusCode.Conflict, "This product was changed by someone else.", new Dictionary<string, string[]>());
        var cut = Render<ProductEditor>();
        FillByLabel(cut, "Product name", "Bridge loan");
        FillByLabel(cut, "Web address", "bridge-loan");
        FillByLabel(cut, "Summary", "Short bridging finance");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("changed by someone else", cut.Find("[data-testid=form-problems]").TextContent));
        Assert.Equal("Bridge loan", InputByLabel(cut, "Product name").GetAttribute("value"));
    }

    private static AngleSharp.Dom.IElement InputByLabel(IRenderedComponent<ProductEditor> cut, string label)
    {
        var id = cut.FindAll("label").First(l => l.TextContent.Trim() == label).GetAttribute("for");
        return cut.FindAll("input, textarea").First(i => i.Id == id);
    }

    // MudBlazor commits a typed value asynchronously: wait until the field shows it before going on.
    private static void FillByLabel(IRenderedComponent<ProductEditor> cut, string label, string value)
    {
        InputByLabel(cut, label).Change(value);
        cut.WaitForAssertion(() => Assert.Equal(value, InputByLabel(cut, label).GetAttribute("value")));
    }
}
