using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

public sealed class StaffTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Product_manager_signs_in_with_an_authenticator_code_and_manages_products()
    {
        await SubmitPasswordAsync(Page, PortalFixture.ProductManagerEmail, PortalFixture.DemoPassword);
        await Page.WaitForURLAsync(new Regex("/Account/LoginWith2fa", RegexOptions.IgnoreCase));
        Assert.Equal(0, await SignOutButton(Page).CountAsync()); // not signed in on the password alone
        await Page.AssertAccessibleAsync("/Account/LoginWith2fa");

        await Page.Locator("[id='Input.TwoFactorCode']").FillAsync(await Portal.NextStaffCodeAsync(PortalFixture.ProductManagerEmail));
        await Page.SubmitAndWaitAsync(() => Page.Locator("form:has([id='Input.TwoFactorCode']) button[type=submit]").ClickAsync());
        Assert.DoesNotContain("LoginWith2fa", Page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(SignOutButton(Page)).ToBeVisibleAsync();

        // Signed in from the header's link (no page to go back to), staff land on their home.
        await Page.WaitForURLAsync(new Regex("/staff$"));
        await Page.WaitForBlazorAsync();
        var main = Page.Locator("main");
        await Assertions.Expect(main.Locator("h1")).ToHaveTextAsync("Staff area");
        await Assertions.Expect(main.Locator("a[href='staff/products']")).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync("/staff");

        await GoToAsync(Page, "staff/products");
        await Page.WaitForBlazorAsync();
        var table = Page.TestId("staff-products");
        await Assertions.Expect(table).ToBeVisibleAsync();
        Assert.Equal(5, await table.Locator("tbody tr").CountAsync()); // 4 published + the draft
        await Assertions.Expect(table).ToContainTextAsync("Green Equipment Loan");
        await Page.AssertAccessibleAsync("/staff/products");

        await table.Locator("tbody a", new() { HasText = "Everyday Personal Loan" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex(@"/staff/products/\d+$"));
        await Assertions.Expect(Page.TestId("save-product")).ToBeVisibleAsync();
        await Assertions.Expect(Page.TestId("product-status")).ToBeVisibleAsync();
        await Page.WaitForBlazorAsync();
        await Page.AssertAccessibleAsync("product editor");
    }
}
