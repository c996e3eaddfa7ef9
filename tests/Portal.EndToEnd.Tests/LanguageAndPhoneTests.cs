using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

public sealed class LanguageTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Visitor_switches_to_Chinese_from_the_header()
    {
        await GoToAsync(Page, "products");
        Assert.Equal("en", await Page.Locator("html").GetAttributeAsync("lang"));

        await Page.WaitForBlazorAsync();
        await Page.Locator(".lang-switch a[lang='zh-Hans']").ClickAsync();
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("我们的贷款产品");
        Assert.EndsWith("/products", new Uri(Page.Url).AbsolutePath);
        await Assertions.Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");

        // Still Chinese once WebAssembly has taken over the page.
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("我们的贷款产品");
        Assert.Equal("zh-Hans", await Page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("true", await Page.Locator(".lang-switch a[lang='zh-Hans']").GetAttributeAsync("aria-current"));
        await Page.AssertAccessibleAsync("/products in Chinese");
    }
}

public sealed class PhoneTests(PortalFixture portal) : BrowserTest(portal)
{
    protected override BrowserNewContextOptions ContextOptions => new()
    {
        ViewportSize = new() { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 3,
    };

    [Fact]
    public async Task Product_page_fits_a_phone_without_sideways_scrolling()
    {
        await GoToAsync(Page, "products/everyday-personal-loan");
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("calc-instalment")).ToBeVisibleAsync();

        await Page.AssertNoSidewaysScrollAsync("The product page on a 390 px phone");
        await Page.AssertAccessibleAsync("/products/everyday-personal-loan on a phone");
    }
}
