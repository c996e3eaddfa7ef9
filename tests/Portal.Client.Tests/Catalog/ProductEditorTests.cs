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
        public ProductEdit? Stored;

        public Task<IReadOnlyList<ProductSummary>> ListPublishedAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProductSummary>>([]);
        public Task<ProductDetails?> GetPublishedAsync(string slug, CancellationToken ct = default) => Task.FromResult<ProductDetails?>(null);
        public List<ProductAdminRow> Rows = [];
        public Task<IReadOnlyList<ProductAdminRow>> ListForStaffAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProductAdminRow>>(Rows);
        public Task<ProductEdit?> GetForEditAsync(int id, CancellationToken ct = default) => Task.FromResult(Stored?.Id == id ? Stored : null);

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
        FillByLabel(cut, "Product name (English)", "Bridge loan");
        FillByLabel(cut, "Web address", "bridge-loan");
        FillByLabel(cut, "Summary (English)", "Short bridging finance");
        FillByLabel(cut, "Minimum amount", "90000");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("The minimum amount is above the maximum amount.", cut.Find("[data-testid=form-problems]").TextContent));
        Assert.Empty(catalog.Saved);
    }

    [Fact]
    public void A_valid_product_is_sent_with_the_values_typed()
    {
        var cut = Render<ProductEditor>();
        FillByLabel(cut, "Product name (English)", "Bridge loan");
        FillByLabel(cut, "Web address", "bridge-loan");
        FillByLabel(cut, "Summary (English)", "Short bridging finance");

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
        FillByLabel(cut, "Product name (English)", "Bridge loan");
        FillByLabel(cut, "Web address", "bridge-loan");
        FillByLabel(cut, "Summary (English)", "Short bridging finance");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("changed by someone else", cut.Find("[data-testid=form-problems]").TextContent));
        Assert.Equal("Bridge loan", InputByLabel(cut, "Product name (English)").GetAttribute("value"));
    }

    [Fact]
    public void Each_text_is_edited_in_English_and_Chinese_and_missing_Chinese_is_marked()
    {
        catalog.Stored = new ProductEdit
        {
            Id = 3, Version = 1, Slug = "bridge-loan", Name = "Bridge loan", NameZh = "过桥贷款", Summary = "Short bridging finance", SummaryZh = "",
            Description = "From {MinAmount}.", DescriptionZh = "{MinAmount}起。", GradeRates = [6m, 8m, null, null, null],
            RequiredDocuments = ["National ID card", "Bank statement"], RequiredDocumentsZh = ["居民身份证"],
        };
        var cut = Render<ProductEditor>(p => p.Add(x => x.Id, 3));

        cut.WaitForAssertion(() => Assert.Equal("Bridge loan", InputByLabel(cut, "Product name (English)").GetAttribute("value")));
        Assert.Equal("过桥贷款", InputByLabel(cut, "Product name (Chinese)").GetAttribute("value"));
        var description = InputByLabel(cut, "Description (Chinese)");
        Assert.Equal("{MinAmount}起。", description.GetAttribute("value") ?? description.TextContent);
        Assert.Equal("National ID card", InputByLabel(cut, "Document 1 (English)").GetAttribute("value"));
        Assert.Equal("居民身份证", InputByLabel(cut, "Document 1 (Chinese)").GetAttribute("value"));
        Assert.Equal("", InputByLabel(cut, "Document 2 (Chinese)").GetAttribute("value") ?? "");
        // Which placeholders exist is said where the texts are written.
        Assert.Contains("{MinAmount}, {MaxAmount}", cut.Find("[data-testid=placeholders-help]").TextContent);
        // What is missing in Chinese is said, for the whole product and under each empty Chinese field.
        Assert.Contains("No Chinese text yet for: Summary, Documents you will need. Customers reading Chinese see the English there.",
            cut.Find("[data-testid=missing-chinese]").TextContent);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(cut.Markup, "No Chinese text yet — customers reading Chinese see the English"));

        FillByLabel(cut, "Summary (Chinese)", "短期过桥融资");
        FillByLabel(cut, "Document 2 (Chinese)", "银行流水");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=missing-chinese]")));
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(catalog.Saved));
        var saved = catalog.Saved[0];
        Assert.Equal(("Bridge loan", "过桥贷款"), (saved.Name, saved.NameZh));
        Assert.Equal(("Short bridging finance", "短期过桥融资"), (saved.Summary, saved.SummaryZh));
        Assert.Equal(["National ID card", "Bank statement"], saved.RequiredDocuments);
        Assert.Equal(["居民身份证", "银行流水"], saved.RequiredDocumentsZh);
    }

    [Fact]
    public void A_document_is_added_with_its_two_names_and_a_Chinese_name_alone_is_refused()
    {
        var cut = Render<ProductEditor>();
        FillByLabel(cut, "Product name (English)", "Bridge loan");
        FillByLabel(cut, "Web address", "bridge-loan");
        FillByLabel(cut, "Summary (English)", "Short bridging finance");
        cut.Find("[data-testid=add-document] button, button[data-testid=add-document]").Click();
        FillByLabel(cut, "Document 1 (Chinese)", "居民身份证");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Each document needs its English name", cut.Find("[data-testid=form-problems]").TextContent));
        Assert.Empty(catalog.Saved);
        FillByLabel(cut, "Document 1 (English)", "National ID card");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Single(catalog.Saved));
        Assert.Equal(["居民身份证"], catalog.Saved[0].RequiredDocumentsZh);
    }

    [Fact]
    public void The_staff_list_marks_products_without_Chinese_text()
    {
        catalog.Rows =
        [
            new(1, "bridge-loan", "Bridge loan", ProductKind.PersonalConsumer, 1, true, DateTimeOffset.UnixEpoch, Guid.NewGuid()) { MissingChinese = ["Name", "Summary"] },
            new(2, "home-loan", "Home loan", ProductKind.Secured, 1, true, DateTimeOffset.UnixEpoch, Guid.NewGuid()),
        ];
        var cut = Render<Portal.Client.Features.Catalog.Staff.ProductsAdmin>();

        var rows = cut.FindAll("[data-testid=staff-products] tbody tr");
        var marker = rows[0].QuerySelector("[data-testid=missing-chinese]")!;
        Assert.Contains("No Chinese text yet", marker.TextContent);
        Assert.Equal("No Chinese text yet for: Product name, Summary. Customers reading Chinese see the English there.", marker.GetAttribute("title"));
        Assert.Null(rows[1].QuerySelector("[data-testid=missing-chinese]"));
    }

    internal static AngleSharp.Dom.IElement InputByLabel<T>(IRenderedComponent<T> cut, string label) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var id = cut.FindAll("label").First(l => l.TextContent.Trim() == label).GetAttribute("for");
        return cut.FindAll("input, textarea").First(i => i.Id == id);
    }

    // MudBlazor commits a typed value asynchronously: wait until the field shows it before going on.
    internal static void FillByLabel<T>(IRenderedComponent<T> cut, string label, string value) where T : Microsoft.AspNetCore.Components.IComponent
    {
        // A field that updates as typed (Immediate) listens to input, the others to change.
        var input = InputByLabel(cut, label);
        if (input.HasAttribute("blazor:oninput")) input.Input(value); else input.Change(value);
        cut.WaitForAssertion(() => Assert.Equal(value, InputByLabel(cut, label).GetAttribute("value")));
    }
}
