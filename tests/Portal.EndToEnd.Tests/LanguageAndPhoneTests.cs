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

        var sizes = await Page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        var widest = await Page.EvaluateAsync<string>(@"() => {
            const w = window.innerWidth; const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > w + 1 && getComputedStyle(el).position !== 'fixed') out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(r.right));
            }
            return out.slice(0, 8).join('\n');
        }");
        Assert.True(sizes[0] <= sizes[1] + 1,
            $"The page scrolls sideways on a 390 px phone: scrollWidth {sizes[0]} > innerWidth {sizes[1]}. Elements past the edge:\n{widest}");
        await Page.AssertAccessibleAsync("/products/everyday-personal-loan on a phone");
    }
}
