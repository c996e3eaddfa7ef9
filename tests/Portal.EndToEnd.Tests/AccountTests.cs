using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

public sealed class AccountTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Visitor_registers_confirms_the_email_and_signs_in()
    {
        var email = $"new-{Guid.NewGuid():N}"[..16] + "@example.test";
        const string password = "correct horse battery";

        await GoToAsync(Page, "Account/Register");
        await Page.AssertAccessibleAsync("/Account/Register");
        await FillRegistrationAsync(Page, email, password);
        await Page.WaitForURLAsync(new Regex("/Account/RegisterConfirmation", RegexOptions.IgnoreCase));
        await Page.AssertAccessibleAsync("/Account/RegisterConfirmation");

        // Not confirmed yet: signing in is refused.
        await SubmitPasswordAsync(Page, email, password);
        Assert.Equal(0, await SignOutButton(Page).CountAsync());

        var link = await ConfirmationLinkAsync(email);
        await GoToAsync(Page, link);
        Assert.Contains("/Account/ConfirmEmail", Page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(Page.Locator("[role=alert].alert-success, .alert-success")).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync("/Account/ConfirmEmail");

        await SubmitPasswordAsync(Page, email, password);
        await Assertions.Expect(SignOutButton(Page)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Registration_refuses_an_eight_character_password_with_a_message()
    {
        var email = $"short-{Guid.NewGuid():N}"[..18] + "@example.test";
        await GoToAsync(Page, "Account/Register");
        await FillRegistrationAsync(Page, email, "abcd1234");

        Assert.Contains("/Account/Register", Page.Url, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("RegisterConfirmation", Page.Url, StringComparison.OrdinalIgnoreCase);
        var problem = Page.Locator(".alert-danger, .validation-message, .validation-errors, [role=alert]").Filter(new() { HasTextRegex = new Regex(@"\S") });
        await Assertions.Expect(problem.First).ToBeVisibleAsync();
        Assert.Contains("12", string.Join(" ", await problem.AllInnerTextsAsync()));
        Assert.False(MailTo(email).Any(), "no confirmation email for a refused registration");
        await Page.AssertAccessibleAsync("/Account/Register (password refused)");
    }

    [Fact]
    public async Task Customer_signs_in_and_cannot_see_the_staff_area()
    {
        await SubmitPasswordAsync(Page, PortalFixture.CustomerEmail, PortalFixture.DemoPassword);
        await Assertions.Expect(SignOutButton(Page)).ToBeVisibleAsync();
        await Assertions.Expect(SignOutButton(Page)).ToHaveTextAsync("Sign out");
        Assert.DoesNotContain("LoginWith2fa", Page.Url, StringComparison.OrdinalIgnoreCase);
        await Page.AssertAccessibleAsync("home page, signed in as customer");

        // The server refuses the page (access denied) or the page says so; either way no staff content.
        await Page.GotoAsync("staff");
        await Page.WaitForBlazorAsync();
        var main = Page.Locator("main");
        await Assertions.Expect(main.Locator("[role=alert], .mud-alert").First).ToBeVisibleAsync();
        Assert.Equal(0, await Page.Locator("nav a[href='staff']").CountAsync());
        Assert.Equal(0, await main.Locator("a[href='staff/products']").CountAsync());
        Assert.DoesNotContain("Staff area", await main.InnerTextAsync());
        Assert.Equal(0, await Page.TestId("staff-products").CountAsync());
        await Assertions.Expect(SignOutButton(Page)).ToBeVisibleAsync(); // still signed in
        await Page.AssertAccessibleAsync("/staff as customer");
    }
}
