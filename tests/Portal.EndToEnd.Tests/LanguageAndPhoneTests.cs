using System.Text.RegularExpressions;
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

/// <summary>
/// The portal on a 390 px phone: every page of a visitor, a customer and a supervisor, in English and in Chinese, fits the
/// screen with its title in view (the checks of <see cref="PageChecks.AssertAccessibleAsync"/>); the header's menu opens
/// from the keyboard, and before WebAssembly has started.
/// Set PORTAL_SCREENSHOTS to a folder to keep a screenshot of each page there (as of every page any test checks).
/// </summary>
/// <remarks>
/// In three classes (the pages of each person, and the header's menu with the public pages) so that their page visits
/// are spread over the browser tests' servers (see <see cref="PortalCollection"/>) and run beside the other tests.
/// </remarks>
public abstract class PhoneTests(PortalFixture portal) : BrowserTest(portal)
{
    protected override BrowserNewContextOptions ContextOptions => PageChecks.Phone();

    protected static readonly string[] Languages = ["en", "zh-Hans"];

    protected static readonly string[] PublicPages =
    [
        "", "products", "products/everyday-personal-loan", "products/start-up-business-loan", "promotions", "promotions/welcome-rate", "privacy", "credit-check-terms",
        "Account/Login", "Account/Register", "Account/ForgotPassword", "Account/ForgotPasswordConfirmation", "Account/ResendEmailConfirmation",
        "Account/ResetPasswordConfirmation", "Account/InvalidPasswordReset", "Account/InvalidUser", "Account/AccessDenied",
        "unsubscribe",
    ];

    protected static readonly string[] CustomerPages =
    [
        "applications", "loans", "messages", "notifications", "complaints", "complaints/new", "my-promotions",
        "Account/Manage", "Account/Manage/Email", "Account/Manage/ChangePassword", "Account/Manage/TwoFactorAuthentication",
        "Account/Manage/PersonalData", "Account/Manage/DeletePersonalData",
    ];

    protected static readonly string[] SupervisorPages =
    [
        "staff", "staff/applications", "staff/collections", "staff/complaints", "staff/dashboard", "staff/audit", "staff/email-outbox",
        "staff/today", "staff/prospects", "staff/prospects/new", "staff/screening",
    ];

    /// <summary>The address of the first link matching <paramref name="selector"/> on a list page.</summary>
    protected async Task<string> FirstLinkAsync(IPage page, string listPath, string selector)
    {
        await GoToAsync(page, listPath);
        await page.WaitForBlazorAsync();
        var link = page.Locator(selector).First;
        await Assertions.Expect(link).ToBeAttachedAsync();
        return (await link.GetAttributeAsync("href"))!;
    }

    /// <summary>
    /// Visits each page in the language and runs the page checks, gathering what fails instead of stopping at the first.
    /// The pages that run in the browser are reached as a person clicking links reaches them, inside the app that is
    /// already running (WebAssembly starts once per language, not once per page); the account pages, which the server
    /// renders without WebAssembly, are loaded after them.
    /// </summary>
    protected async Task VisitAllAsync(IPage page, string language, IEnumerable<string> paths, List<string> problems)
    {
        await GoToAsync(page, $"culture?culture={language}&returnUrl=%2F");
        await page.WaitForBlazorAsync();
        var ordered = paths.OrderBy(p => p.StartsWith("Account/", StringComparison.Ordinal)).ToList();
        var running = true;
        foreach (var path in ordered)
        {
            var what = $"/{path} in {language}";
            try
            {
                if (running && !path.StartsWith("Account/", StringComparison.Ordinal))
                    await page.NavigateInAppAsync(path);
                else
                {
                    await GoToAsync(page, path);
                    await page.WaitForBlazorAsync();
                    running = false;
                }
                // The page's data is in: no "loading" bar left in it.
                await Assertions.Expect(page.Locator("main .mud-progress-linear[aria-label]")).ToHaveCountAsync(0, new() { Timeout = (float)PageChecks.Timeout.TotalMilliseconds });
                await page.AssertAccessibleAsync(what);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or PlaywrightException or TimeoutException)
            {
                problems.Add($"{what}: {e.Message}");
            }
        }
    }
}

/// <summary>Every public and account page of a visitor on a phone, and the header's menu there.</summary>
public sealed class VisitorPhoneTests(PortalFixture portal) : PhoneTests(portal)
{
    [Fact]
    public async Task Every_public_and_account_page_fits_a_phone_in_both_languages()
    {
        var problems = new List<string>();
        foreach (var language in Languages)
            await VisitAllAsync(Page, language, PublicPages, problems);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public async Task The_header_menu_opens_and_closes_from_the_keyboard_in_both_languages()
    {
        await SubmitPasswordAsync(Page, PortalFixture.CustomerEmail, PortalFixture.DemoPassword);
        foreach (var (language, menu, loans, title) in new[] { ("en", "Menu", "My loans", "My loans"), ("zh-Hans", "菜单", "我的贷款", "我的贷款") })
        {
            await GoToAsync(Page, $"culture?culture={language}&returnUrl=%2Fproducts");
            await Page.WaitForBlazorAsync();
            var button = Page.GetByRole(AriaRole.Button, new() { Name = menu, Exact = true });
            var link = Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = loans, Exact = true });
            await Assertions.Expect(button).ToBeVisibleAsync();
            await Assertions.Expect(link).Not.ToBeVisibleAsync();
            Assert.False(await ExpandedAsync(Page, menu));

            // From the skip link (the first stop), Tab passes the brand and reaches the menu button; Enter opens it
            // and Tab walks into its links.
            await Page.Locator(".skip-link").FocusAsync();
            await Page.Keyboard.PressAsync("Tab");
            await Page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(button).ToBeFocusedAsync();
            await Page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(Page.Locator("#portal-links:popover-open")).ToBeVisibleAsync();
            await Assertions.Expect(link).ToBeVisibleAsync();
            Assert.True(await ExpandedAsync(Page, menu));
            await Page.AssertAxeFindsNothingSeriousAsync($"/products with the menu open, in {language}");
            await Page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link).First).ToBeFocusedAsync();

            // Escape closes it and gives focus back to the button.
            await Page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(link).Not.ToBeVisibleAsync();
            await Assertions.Expect(button).ToBeFocusedAsync();

            // A link followed from the menu leaves it closed on the next page.
            await Page.Keyboard.PressAsync("Enter");
            await link.FocusAsync();
            await Page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync(title);
            await Assertions.Expect(link).Not.ToBeVisibleAsync();
            await Assertions.Expect(Page.Locator("#portal-links:popover-open")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task The_header_menu_works_on_a_page_that_runs_no_script()
    {
        var options = PageChecks.Phone();
        options.JavaScriptEnabled = false;
        var page = await NewPageAsync(options);
        await GoToAsync(page, "products");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true });
        await button.ClickAsync();
        var signIn = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true });
        await Assertions.Expect(signIn).ToBeVisibleAsync();
        await signIn.ClickAsync();
        await page.WaitForURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await Assertions.Expect(page.Locator("[id='Input.Email']")).ToBeVisibleAsync();
    }

    /// <summary>Whether the browser tells assistive technology that the menu button is expanded (Chromium's accessibility tree).</summary>
    private static async Task<bool> ExpandedAsync(IPage page, string buttonName)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var document = await cdp.SendAsync("DOM.getDocument", new Dictionary<string, object> { ["depth"] = 0 });
        var found = await cdp.SendAsync("Accessibility.queryAXTree", new Dictionary<string, object>
        {
            ["nodeId"] = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32(), ["accessibleName"] = buttonName, ["role"] = "button",
        });
        var node = Assert.Single(found!.Value.GetProperty("nodes").EnumerateArray());
        return node.GetProperty("properties").EnumerateArray()
            .Any(p => p.GetProperty("name").GetString() == "expanded" && p.GetProperty("value").GetProperty("value").GetBoolean());
    }
}

/// <summary>Every page of the demo customer (with the demo loan) on a phone.</summary>
[Collection(SecondPortalCollection.Name)]
public sealed class CustomerPhoneTests(PortalFixture portal) : PhoneTests(portal)
{
    [Fact]
    public async Task Every_page_of_a_customer_with_a_loan_fits_a_phone_in_both_languages()
    {
        await SubmitPasswordAsync(Page, PortalFixture.CustomerEmail, PortalFixture.DemoPassword);
        // The demo application behind the demo loan: signed, with its contract's SHA-256 (one unbroken 64-character word).
        var application = await FirstLinkAsync(Page, "applications", "main a[href^='applications/']");
        var loan = await FirstLinkAsync(Page, "loans", "main a[href^='loans/']");

        var problems = new List<string>();
        foreach (var language in Languages)
            await VisitAllAsync(Page, language, [.. CustomerPages, application, loan], problems);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }
}

/// <summary>Every page of a supervisor on a phone.</summary>
[Collection(SecondPortalCollection.Name)]
public sealed class SupervisorPhoneTests(PortalFixture portal) : PhoneTests(portal)
{
    [Fact]
    public async Task Every_page_of_a_supervisor_fits_a_phone_in_both_languages()
    {
        await SignInStaffAsync(Page, "supervisor@demo.portal");
        var application = await FirstLinkAsync(Page, "staff/applications?state=Disbursed", "[data-testid=queue-row] a[href^='staff/applications/']");
        var loan = await FirstLinkAsync(Page, "staff/collections", "[data-testid=collection-row] a[href^='staff/loans/']");
        // A demo prospect a manager has called (contacts, a next step and its history to lay out).
        var prospect = await FirstLinkAsync(Page, "staff/prospects?stage=Interested", "[data-testid=prospect-row] a[href^='staff/prospects/']");

        var problems = new List<string>();
        foreach (var language in Languages)
            await VisitAllAsync(Page, language, [.. SupervisorPages, application, loan, prospect], problems);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }
}
