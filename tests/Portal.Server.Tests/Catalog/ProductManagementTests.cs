using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Catalog;

// An app (and database) of its own, so that xunit runs it beside the classes that share PortalCollection's.
public sealed class ProductManagementTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    internal const string StaffProducts = "/api/catalog/staff/products";

    internal static async Task<HttpClient> ProductManager(PortalFactory app)
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync("product@demo.portal");
        return client;
    }

    internal static ProductEdit NewProduct(string slug) => new()
    {
        Slug = slug, Name = "Test " + slug, Kind = ProductKind.PersonalConsumer, Summary = "A product made by a test.",
        MinAmount = 1_000, MaxAmount = 10_000, MinMonths = 3, MaxMonths = 24, Methods = [RepaymentMethod.EqualInstalments],
        GradeRates = [8m, 10m, null, null, null],
        Fees = [new FeeEdit { Code = "arrangement", Kind = FeeKind.Upfront, FixedAmount = 100 }],
        RequiredDocuments = ["National ID card"],
        ExampleAmount = 5_000, ExampleMonths = 12, ExampleMethod = RepaymentMethod.EqualInstalments, ExampleGrade = RiskGrade.A,
    };

    [Fact]
    public async Task Anonymous_visitor_cannot_reach_the_staff_product_api()
    {
        var response = await app.CreateClient().GetAsync(StaffProducts);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Customer_cannot_list_or_change_products()
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync("customer@demo.portal", totpKey: null);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(StaffProducts)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Api.Post(StaffProducts, NewProduct("customer-made")))).StatusCode);
    }

    [Fact]
    public async Task Staff_without_the_product_role_cannot_change_products()
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync("marketing@demo.portal");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Api.Post(StaffProducts, NewProduct("marketing-made")))).StatusCode);
    }

    [Fact]
    public async Task Product_manager_signed_in_without_a_second_factor_is_refused()
    {
        var email = await app.CreateUserAsync([Roles.ProductManager], approvalLimit: null, authenticator: false);
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email, totpKey: null);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(StaffProducts)).StatusCode);
    }

    [Fact]
    public async Task Product_manager_creates_and_publishes_a_product_that_visitors_then_see()
    {
        var client = await ProductManager(app);
        var created = await (await client.SendAsync(Api.Post(StaffProducts, NewProduct("new-test-loan")))).Content.ReadFromJsonAsync<ProductAdminRow>();
        Assert.NotNull(created);
        Assert.False(created.IsPublished);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/catalog/products/new-test-loan")).StatusCode);

        var published = await client.SendAsync(Api.Post($"{StaffProducts}/{created.Id}/publish", new ProductStamp(created.ConcurrencyStamp)));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var details = await app.CreateClient().GetFromJsonAsync<ProductDetails>("/api/catalog/products/new-test-loan");
        Assert.Equal("Test new-test-loan", details!.Name);
        Assert.True(details.MinAprPercent > 8m);
    }

    [Fact]
    public async Task Changing_a_published_product_creates_a_new_version_and_keeps_the_old_terms()
    {
        var client = await ProductManager(app);
        var row = (await (await client.SendAsync(Api.Post(StaffProducts, NewProduct("versioned-loan")))).Content.ReadFromJsonAsync<ProductAdminRow>())!;
        await client.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/publish", new ProductStamp(row.ConcurrencyStamp)));

        var edit = (await client.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;
        Assert.Equal(1, edit.Version);
        edit.GradeRates = [7.5m, 10m, null, null, null];
        var saved = await client.SendAsync(Api.Post(StaffProducts, edit));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = (await saved.Content.ReadFromJsonAsync<ProductAdminRow>())!;
        Assert.Equal(2, after.Version);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var versions = await db.ProductVersions.Where(v => v.ProductId == row.Id).OrderBy(v => v.Version).ToListAsync();
        Assert.Equal([8m, 7.5m], versions.Select(v => v.RateA!.Value));
        var visitorSees = await app.CreateClient().GetFromJsonAsync<ProductDetails>("/api/catalog/products/versioned-loan");
        Assert.Equal(2, visitorSees!.Version);
    }

    [Fact]
    public async Task Saving_over_someone_elses_change_is_refused_with_a_clear_message()
    {
        var client = await ProductManager(app);
        var row = (await (await client.SendAsync(Api.Post(StaffProducts, NewProduct("contested-loan")))).Content.ReadFromJsonAsync<ProductAdminRow>())!;
        await client.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/publish", new ProductStamp(row.ConcurrencyStamp)));
        var first = (await client.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;
        var second = (await client.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Api.Post(StaffProducts, first))).StatusCode);
        var stale = await client.SendAsync(Api.Post(StaffProducts, second));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_editors_of_a_draft_cannot_overwrite_each_other_nor_publish_unseen_changes()
    {
        var client = await ProductManager(app);
        var row = (await (await client.SendAsync(Api.Post(StaffProducts, NewProduct("draft-contested")))).Content.ReadFromJsonAsync<ProductAdminRow>())!;
        var first = (await client.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;
        var second = (await client.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;

        first.Summary = "First editor's summary.";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Api.Post(StaffProducts, first))).StatusCode);
        second.Summary = "Second editor's summary.";
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(Api.Post(StaffProducts, second))).StatusCode);
        var publishUnseen = await client.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/publish", new ProductStamp(second.ConcurrencyStamp)));
        Assert.Equal(HttpStatusCode.Conflict, publishUnseen.StatusCode);

        var stored = (await client.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;
        Assert.Equal("First editor's summary.", stored.Summary);
        Assert.False(stored.IsPublished);
    }

    [Fact]
    public async Task A_product_the_engine_could_not_price_is_refused()
    {
        var client = await ProductManager(app);
        var bad = NewProduct("fee-eats-the-loan");
        bad.Fees = [new FeeEdit { Code = "arrangement", Kind = FeeKind.Upfront, FixedAmount = 5_000 }];
        bad.ExampleGrade = (RiskGrade)9;

        var response = await client.SendAsync(Api.Post(StaffProducts, bad));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("upfront fees would take the whole", body);
        Assert.Contains("example's grade", body);
    }

    [Theory]
    [InlineData(-10, -1, false)]
    [InlineData(0, 0, true)]
    [InlineData(1, 30, false)]
    [InlineData(null, null, true)]
    public async Task A_published_product_shows_only_inside_its_window(int? fromDays, int? untilDays, bool visible)
    {
        var client = await ProductManager(app);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var slug = $"window-{fromDays}-{untilDays}".Replace("--", "-m");
        var product = NewProduct(slug);
        product.PublishFrom = fromDays is { } f ? today.AddDays(f) : null;
        product.PublishUntil = untilDays is { } u ? today.AddDays(u) : null;
        var row = (await (await client.SendAsync(Api.Post(StaffProducts, product))).Content.ReadFromJsonAsync<ProductAdminRow>())!;
        await client.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/publish", new ProductStamp(row.ConcurrencyStamp)));

        var response = await app.CreateClient().GetAsync($"/api/catalog/products/{slug}");

        Assert.Equal(visible ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_product_gets_field_errors_and_nothing_is_saved()
    {
        var client = await ProductManager(app);
        var bad = NewProduct("Not A Slug!");
        bad.MinAmount = 20_000;
        bad.GradeRates = [null, null, null, null, null];

        var response = await client.SendAsync(Api.Post(StaffProducts, bad));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Slug", body);
        Assert.Contains("minimum amount is above the maximum", body);
        Assert.Contains("at least one risk grade", body);
        var rows = await client.GetFromJsonAsync<List<ProductAdminRow>>(StaffProducts);
        Assert.DoesNotContain(rows!, r => r.Name == bad.Name);
    }

    [Fact]
    public async Task Refusals_come_in_the_language_the_person_reads()
    {
        var client = await ProductManager(app);
        var bad = NewProduct("zh-refused");
        bad.MinAmount = 20_000;
        var request = Api.Post(StaffProducts, bad);
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("最低金额高于最高金额", System.Text.RegularExpressions.Regex.Unescape(body));
    }

    [Fact]
    public async Task A_change_without_the_api_header_is_refused()
    {
        var client = await ProductManager(app);
        var response = await client.PostAsJsonAsync(StaffProducts, NewProduct("forged-loan"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Portal-Csrf", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_products_cannot_share_an_address()
    {
        var client = await ProductManager(app);
        var response = await client.SendAsync(Api.Post(StaffProducts, NewProduct("everyday-personal-loan")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already uses the address", await response.Content.ReadAsStringAsync());
    }
}
