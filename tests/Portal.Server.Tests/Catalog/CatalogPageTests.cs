using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;

namespace Portal.Server.Tests.Catalog;

/// <summary>The catalog as `curl` sees it: complete in the server-rendered HTML, figures from the engine.</summary>
[Collection(nameof(PortalCollection))]
public sealed class CatalogPageTests(PortalFactory app)
{
    private static readonly CultureInfo En = new("en");

    public static TheoryData<string> Slugs => new() { "everyday-personal-loan", "start-up-business-loan", "home-secured-loan", "salary-advance" };

    private async Task<string> PageText(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Products_page_lists_the_published_products_with_their_apr_range_and_not_drafts()
    {
        var html = await PageText("/products");
        var products = (await app.CreateClient().GetFromJsonAsync<List<ProductSummary>>("/api/catalog/products"))!;

        // Other tests publish products of their own; the four demo ones must be there.
        Assert.Superset(new HashSet<string> { "everyday-personal-loan", "start-up-business-loan", "home-secured-loan", "salary-advance" },
            products.Select(p => p.Slug).ToHashSet());
        foreach (var p in products)
        {
            Assert.Contains(p.Name, html);
            Assert.Contains(Display.PercentRange(p.MinAprPercent, p.MaxAprPercent, En), html);
            // As displayed: cent rounding of interest can put the exact APR of a fee-free loan a hair under its rate.
            Assert.True(Math.Round(p.MinAprPercent, 2, MidpointRounding.AwayFromZero) >= p.MinRatePercent, $"{p.Slug}: the APR cannot show below the nominal rate");
        }
        Assert.DoesNotContain("Green Equipment Loan", html);
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task Product_page_shows_rates_fees_and_an_example_that_agrees_with_the_engine(string slug)
    {
        var html = await PageText($"/products/{slug}");
        var product = (await app.CreateClient().GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{slug}"))!;
        var example = product.ExampleQuote();
        Assert.Equal(app.Services.GetRequiredService<Portal.Server.Infrastructure.LocalCalendar>().Today, product.PricedOn);
        string Money(decimal m) => Display.Money(m, product.Currency, En);

        Assert.Contains(Display.PercentRange(product.MinAprPercent, product.MaxAprPercent, En), html);
        Assert.Contains(Display.PercentRange(product.MinRatePercent, product.MaxRatePercent, En), html);
        Assert.Contains(Money(example.FirstInstalment), html);
        Assert.Contains(Money(example.Schedule.TotalInterest), html);
        Assert.Contains(Money(example.Schedule.TotalFees), html);
        Assert.Contains(Money(example.Schedule.TotalToRepay), html);
        Assert.Contains(Money(example.Schedule.AmountPaidOut), html);
        Assert.Contains(Money(example.Schedule.TotalCostOfCredit), html);

        // The total to repay is what the instalments add up to (plus any fee paid at payout): a fee withheld from the
        // payout is repaid inside the principal, never counted twice.
        var paidAtPayout = product.Fees.Where(f => f.Kind == FeeKind.Upfront && !f.DeductedFromPayout).Sum(f => f.AmountOn(example.Schedule.Terms.Principal));
        Assert.Equal(example.Schedule.Rows.Sum(r => r.Total) + paidAtPayout, example.Schedule.TotalToRepay);
        Assert.Equal(example.Schedule.TotalToRepay - example.Schedule.AmountPaidOut, example.Schedule.TotalCostOfCredit);
        Assert.Contains(Display.Percent(example.AnnualRatePercent, En), html);
        Assert.Contains("Representative example", html);
        Assert.Contains("Documents you will need", html);
        foreach (var document in product.RequiredDocuments) Assert.Contains(document, html);
        foreach (var rate in product.Rates.Where(r => r.AnnualRatePercent is not null))
            Assert.Contains(Display.Percent(rate.AnnualRatePercent!.Value, En), html);
        Assert.Equal(product.Fees.Count, product.Fees.Select(f => f.Code).Distinct().Count());
    }

    [Fact]
    public async Task Apr_is_shown_before_any_other_rate_on_the_product_page()
    {
        var html = await PageText("/products/everyday-personal-loan");
        var body = html[html.IndexOf("<main", StringComparison.Ordinal)..];
        Assert.True(body.IndexOf("Annualised rate (IRR)", StringComparison.Ordinal) < body.IndexOf("Nominal annual rate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mandatory_fees_raise_the_apr_above_the_nominal_rate()
    {
        var product = (await app.CreateClient().GetFromJsonAsync<ProductDetails>("/api/catalog/products/everyday-personal-loan"))!;
        var example = product.ExampleQuote();
        Assert.True(example.AnnualRatePercent > product.Example.AnnualRatePercent);
        Assert.Equal(RateRegime.CN, product.Regime);
        Assert.Equal("CNY", product.Currency);
    }

    [Fact]
    public async Task Unknown_or_unpublished_product_is_not_found()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/no-such-loan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/green-equipment-loan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/catalog/products/green-equipment-loan")).StatusCode);
    }

    [Fact]
    public async Task Chinese_visitors_get_the_catalog_in_chinese()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/products"));
        Assert.Contains("我们的贷款产品", html);
        Assert.Contains("lang=\"zh-Hans\"", html);
    }
}
