using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>Loans after payout in the browser, on the demo loans: paying through the test-mode gateway, payoff, an overdue loan in collections.</summary>
public sealed partial class LoanTests(PortalFixture portal) : BrowserTest(portal)
{
    [GeneratedRegex(@"/pay/test/[0-9a-f-]{36}$")]
    private static partial Regex CheckoutUrl();

    [GeneratedRegex(@"/loans/[0-9a-f-]{36}/payments/[0-9a-f-]{36}$")]
    private static partial Regex ResultUrl();

    [GeneratedRegex(@"/loans/[0-9a-f-]{36}$")]
    private static partial Regex LoanUrl();

    /// <summary>On the test-mode checkout: pays, and waits for the result page to say the payment went through.</summary>
    private async Task SucceedAtCheckoutAsync(string what)
    {
        await Page.WaitForURLAsync(CheckoutUrl());
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("test-mode-banner")).ToContainTextAsync("TEST MODE");
        await Page.AssertAccessibleAsync($"test checkout: {what}");
        await Page.TestId("test-succeed").ClickAsync();
        await Page.WaitForURLAsync(ResultUrl());
        await Assertions.Expect(Page.TestId("payment-status")).ToHaveAttributeAsync("data-status", "Succeeded");
    }

    [Fact]
    public async Task A_customer_pays_an_instalment_sees_the_schedule_update_then_pays_the_loan_off()
    {
        await SubmitPasswordAsync(Page, PortalFixture.CustomerEmail, PortalFixture.DemoPassword);
        await GoToAsync(Page, "loans");
        await Page.WaitForBlazorAsync();
        await Page.AssertAccessibleAsync("my loans");
        await Page.TestId("loan-row").First.Locator("a").ClickAsync();
        await Page.WaitForURLAsync(LoanUrl());
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("schedule-row")).ToHaveCountAsync(12);
        await Assertions.Expect(Page.TestId("schedule-row").First).ToHaveAttributeAsync("data-state", "Upcoming");
        await Assertions.Expect(Page.TestId("payments-empty")).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync("loan");
        var loanUrl = Page.Url;

        await Page.TestId("pay-instalment").ClickAsync();
        await SucceedAtCheckoutAsync("instalment");
        await Page.AssertAccessibleAsync("payment result");
        await Page.TestId("back-to-loan").ClickAsync();
        await Page.WaitForURLAsync(LoanUrl());
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("schedule-row").First).ToHaveAttributeAsync("data-state", "Paid");
        await Assertions.Expect(Page.TestId("payment-row")).ToHaveCountAsync(1);

        // The payoff: its figures, a confirmation, the checkout, and the loan closes. Clicked straight after a full page
        // load, before WebAssembly has started: the click must not be lost (the button says it is getting ready).
        await GoToAsync(Page, loanUrl);
        await Assertions.Expect(Page.TestId("payoff-total")).Not.ToBeEmptyAsync();
        await Page.TestId("pay-off").ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Go to payment" }).ClickAsync();
        await SucceedAtCheckoutAsync("payoff");
        await Assertions.Expect(Page.TestId("payment-status")).ToContainTextAsync("repaid in full");
        await GoToAsync(Page, loanUrl);
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("loan-closed")).ToBeVisibleAsync();
        await Assertions.Expect(Page.TestId("pay")).ToHaveCountAsync(0);
        var statement = await Page.RunAndWaitForDownloadAsync(() => Page.TestId("statement-csv").ClickAsync());
        Assert.EndsWith("-statement.csv", statement.SuggestedFilename);
    }

    [Fact]
    public async Task An_overdue_loan_shows_its_penalty_to_the_customer_and_is_in_the_collections_queue()
    {
        await SubmitPasswordAsync(Page, "business@demo.portal", PortalFixture.DemoPassword);
        await GoToAsync(Page, "loans");
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("loan-row").First).ToContainTextAsync("days overdue");
        await Page.TestId("loan-row").First.Locator("a").ClickAsync();
        await Page.WaitForURLAsync(LoanUrl());
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("loan-overdue")).ToContainTextAsync("penalty interest");
        await Assertions.Expect(Page.TestId("loan-penalty")).Not.ToHaveTextAsync("¥0.00");
        await Assertions.Expect(Page.TestId("schedule-row").First).ToHaveAttributeAsync("data-state", "Overdue");
        await Page.AssertAccessibleAsync("overdue loan");
        var reference = (await Page.Locator("h1").TextContentAsync())!.Split(' ').Last();

        // Operations run the day's review; the customer manager finds the loan in collections and logs a promise.
        var operations = await NewPageAsync();
        await SignInStaffAsync(operations, "operations@demo.portal");
        await GoToAsync(operations, "staff/daily-run");
        await operations.WaitForBlazorAsync();
        await operations.AssertAccessibleAsync("daily run");
        await operations.TestId("run-daily").ClickAsync();
        await operations.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Run the daily review" }).ClickAsync();
        await Assertions.Expect(operations.TestId("daily-run-result")).ToContainTextAsync("loans reviewed");

        var manager = await NewPageAsync();
        await SignInStaffAsync(manager, "manager@demo.portal");
        await GoToAsync(manager, "staff/collections");
        await manager.WaitForBlazorAsync();
        var row = manager.TestId("collection-row").Filter(new() { HasText = reference });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await manager.AssertAccessibleAsync("collections");
        await row.Locator("a").First.ClickAsync();
        await manager.WaitForBlazorAsync();
        await Assertions.Expect(manager.TestId("staff-penalty")).Not.ToHaveTextAsync("¥0.00");
        await manager.FieldInputOrArea("contact-note").FillAsync("Owner says the café was closed for repairs; will pay next week.");
        await manager.TestId("add-contact").ClickAsync();
        await Assertions.Expect(manager.TestId("contact-log")).ToContainTextAsync("closed for repairs");
        await manager.AssertAccessibleAsync("staff loan");
    }
}

/// <summary>The loan page on a phone, in Chinese: no sideways scrolling, every column of the schedule on screen, and axe.</summary>
public sealed class LoanOnAPhoneTests(PortalFixture portal) : BrowserTest(portal)
{
    protected override BrowserNewContextOptions ContextOptions => PageChecks.Phone();

    [Fact]
    public async Task The_overdue_loan_reads_in_Chinese_on_a_phone()
    {
        await SubmitPasswordAsync(Page, "business@demo.portal", PortalFixture.DemoPassword);
        await GoToAsync(Page, "culture?culture=zh-Hans&returnUrl=/loans");
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("我的贷款");
        await Page.TestId("loan-row").First.Locator("a").ClickAsync();
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("loan-overdue")).ToContainTextAsync("罚息");
        // Every column of the schedule is on the screen, what has been paid and the status of each instalment included.
        foreach (var column in new[] { "已还", "状态" })
        {
            var cell = Page.TestId("schedule-row").First.Locator($"[data-label='{column}']");
            await Assertions.Expect(cell).ToBeVisibleAsync();
            var box = await cell.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= PageChecks.PhoneWidth, $"The schedule's {column} column is off the screen: {box?.X}+{box?.Width}");
        }
        await Page.AssertAccessibleAsync("loan in Chinese on a phone");
    }
}
