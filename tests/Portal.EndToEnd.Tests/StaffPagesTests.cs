using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>The pages around the journey, each used once with axe: messages, notifications, product questions, audit log, authority limits.</summary>
public sealed class StaffPagesTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task A_product_question_is_asked_and_answered_and_supervisors_and_administrators_see_their_pages()
    {
        // The demo customer asks about a product.
        await SubmitPasswordAsync(Page, PortalFixture.CustomerEmail, PortalFixture.DemoPassword);
        await GoToAsync(Page, "messages?product=salary-advance");
        await Page.WaitForBlazorAsync();
        await Page.FieldInputOrArea("message-text").FillAsync("Is the service fee charged every month?");
        await Page.TestId("send-message").ClickAsync();
        await Assertions.Expect(Page.TestId("thread")).ToContainTextAsync("service fee charged");
        await Page.AssertAccessibleAsync("/messages");
        await GoToAsync(Page, "notifications");
        await Page.WaitForBlazorAsync();
        await Page.AssertAccessibleAsync("/notifications");

        // A product manager answers it.
        var product = await NewPageAsync();
        await SignInStaffAsync(product, PortalFixture.ProductManagerEmail);
        await GoToAsync(product, "staff/questions");
        await product.WaitForBlazorAsync();
        await product.TestId("question-row").Filter(new() { HasText = "service fee charged" }).First.Locator("a").ClickAsync();
        await product.FieldInputOrArea("message-text").FillAsync("Yes: 0.2% of the amount with each instalment.");
        await product.TestId("send-message").ClickAsync();
        await Assertions.Expect(product.TestId("thread")).ToContainTextAsync("0.2% of the amount");
        await product.AssertAccessibleAsync("/staff/questions");

        // The customer sees the answer and the news.
        await GoToAsync(Page, "messages?product=salary-advance");
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("thread")).ToContainTextAsync("0.2% of the amount");

        // An administrator sets an authority limit; a supervisor finds it in the audit log.
        var admin = await NewPageAsync();
        await SignInStaffAsync(admin, "admin@demo.portal");
        await GoToAsync(admin, "staff/approval-limits");
        await admin.WaitForBlazorAsync();
        await admin.AssertAccessibleAsync("/staff/approval-limits");
        var row = admin.TestId("limits-table").Locator("tbody tr").Filter(new() { HasText = "Liu Yang" });
        await row.Locator("input").FillAsync("150000");
        await row.Locator("input").PressAsync("Tab");
        await row.Locator("[data-testid=save-limit]").ClickAsync();
        await Assertions.Expect(admin.Locator("main [role=status]")).ToContainTextAsync("Liu Yang");

        var supervisor = await NewPageAsync();
        await SignInStaffAsync(supervisor, "supervisor@demo.portal");
        await GoToAsync(supervisor, "staff/audit?action=SetApprovalLimit");
        await supervisor.WaitForBlazorAsync();
        await Assertions.Expect(supervisor.TestId("audit-row").First).ToContainTextAsync("15000000");
        await supervisor.AssertAccessibleAsync("/staff/audit");
        await GoToAsync(supervisor, "staff");
        await supervisor.WaitForBlazorAsync();
        await Assertions.Expect(supervisor.Locator("main a[href='staff/audit']")).ToBeVisibleAsync();
    }
}
