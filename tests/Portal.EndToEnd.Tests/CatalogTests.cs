using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

public sealed class CatalogTests(PortalFixture portal) : BrowserTest(portal)
{
    private static readonly Regex PercentRange = new(@"\d+(\.\d+)?\s*%");

    [Fact]
    public async Task Visitor_browses_the_catalog_and_sees_the_apr_first()
    {
        await GoToAsync(Page, "products");
        await Page.WaitForBlazorAsync();

        var cards = Page.TestId("product-card");
        await PageChecks.EventuallyAsync(async () => await cards.CountAsync() == 4, "the catalog lists the 4 published products");
        var aprs = await Page.TestId("apr-range").AllInnerTextsAsync();
        Assert.Equal(4, aprs.Count);
        Assert.All(aprs, apr => Assert.Matches(PercentRange, apr));
        Assert.DoesNotContain("Green Equipment Loan", await Page.Locator("main").InnerTextAsync()); // the draft
        await Page.AssertAccessibleAsync("/products");

        await Page.Locator("main a[href='products/everyday-personal-loan']").First.ClickAsync();
        await Page.WaitForURLAsync("**/products/everyday-personal-loan");
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("Everyday Personal Loan");
        await AssertProductFiguresAsync(Page);
        await Page.WaitForBlazorAsync();
        await Page.AssertAccessibleAsync("/products/everyday-personal-loan");
    }

    [Fact]
    public async Task Product_page_shows_the_apr_and_example_without_javascript()
    {
        var page = await NewPageAsync(new() { JavaScriptEnabled = false });
        await GoToAsync(page, "products");
        Assert.Equal(4, await page.TestId("apr-range").CountAsync());

        await GoToAsync(page, "products/everyday-personal-loan");
        await AssertProductFiguresAsync(page);
        // The calculator is server-rendered too, with the example's figures.
        Assert.Matches(@"\d", await page.TestId("calc-instalment").InnerTextAsync());
    }

    private static async Task AssertProductFiguresAsync(Microsoft.Playwright.IPage page)
    {
        var apr = page.Locator("[data-testid='apr-range']").First;
        await Assertions.Expect(apr).ToBeVisibleAsync();
        Assert.Matches(PercentRange, await apr.InnerTextAsync());

        var example = page.Locator("[data-testid='representative-example']");
        await Assertions.Expect(example).ToBeVisibleAsync();
        Assert.Equal(50_000m, PageChecks.Amount(await example.Locator("[data-testid='example-amount']").InnerTextAsync()));
        var instalment = PageChecks.Amount(await example.Locator("[data-testid='example-instalment']").InnerTextAsync());
        var total = PageChecks.Amount(await example.Locator("[data-testid='example-total']").InnerTextAsync());
        Assert.InRange(instalment, 2_000m, 2_600m); // ¥50,000 over 24 months at 9.6 %
        Assert.True(total > 50_000m, $"total payable {total} is more than the amount borrowed");
        Assert.Matches(PercentRange, await example.Locator("[data-testid='example-apr']").InnerTextAsync());
    }
}
