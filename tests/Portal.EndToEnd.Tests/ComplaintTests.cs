using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>The business customer complains about their loan; a customer manager takes, answers and resolves it; the customer follows it. Axe on each page, both languages.</summary>
public sealed partial class ComplaintTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task A_customer_complains_about_a_loan_and_follows_it_to_its_resolution()
    {
        var customer = Page;
        await SubmitPasswordAsync(customer, "business@demo.portal", PortalFixture.DemoPassword);
        await GoToAsync(customer, "loans");
        await customer.WaitForBlazorAsync();
        await customer.Locator("main a[href^='loans/']").First.ClickAsync();
        await customer.WaitForURLAsync(new Regex(@"/loans/[0-9a-f-]{36}$"));
        await customer.WaitForBlazorAsync();
        await customer.TestId("complain-link").ClickAsync();
        await customer.WaitForURLAsync(new Regex(@"/complaints/new\?loan="));
        await customer.WaitForBlazorAsync();
        // Opened from the loan, the complaint is already about it.
        await Assertions.Expect(customer.TestId("complaint-about")).ToContainTextAsync("Loan LN-");
        await customer.ChooseAsync("complaint-category", "Fees or charges");
        await customer.FieldInputOrArea("complaint-description-input").FillAsync("The late fee was charged although I paid on the due date.");
        await customer.AssertAccessibleAsync("/complaints/new");
        await customer.TestId("send-complaint").ClickAsync();
        await customer.WaitForURLAsync(new Regex(@"/complaints/[0-9a-f-]{36}$"));
        await Assertions.Expect(customer.TestId("complaint-status")).ToHaveTextAsync("Received");
        await customer.AssertAccessibleAsync("/complaints/{id}: received");
        var complaintUrl = customer.Url;
        var reference = (await customer.Locator("h1").TextContentAsync())!.Split(' ')[^1];

        var manager = await NewPageAsync();
        await SignInStaffAsync(manager, "manager@demo.portal");
        await GoToAsync(manager, "staff/complaints");
        await manager.WaitForBlazorAsync();
        await manager.AssertAccessibleAsync("/staff/complaints");
        await manager.TestId("complaint-row").Filter(new() { HasText = reference }).Locator("a").ClickAsync();
        await manager.WaitForURLAsync(new Regex(@"/staff/complaints/[0-9a-f-]{36}$"));
        await manager.WaitForBlazorAsync();
        await manager.TestId("take-complaint").ClickAsync();
        await Assertions.Expect(manager.TestId("complaint-handler")).ToContainTextAsync("Zhang Min");
        await manager.FieldInputOrArea("complaint-text").FillAsync("We are checking the payment date with the bank.");
        await manager.TestId("answer-complaint").ClickAsync();
        await Assertions.Expect(manager.TestId("complaint-status")).ToHaveTextAsync("Answered");
        await manager.AssertAccessibleAsync("/staff/complaints/{id}: answered");
        await manager.FieldInputOrArea("complaint-text").FillAsync("The payment arrived on time: the late fee is removed.");
        await manager.TestId("resolve-complaint").ClickAsync();
        await manager.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(manager.TestId("complaint-status")).ToHaveTextAsync("Resolved");

        await GoToAsync(customer, complaintUrl);
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("complaint-messages")).ToContainTextAsync("checking the payment date");
        await Assertions.Expect(customer.TestId("complaint-resolution")).ToContainTextAsync("late fee is removed");
        await customer.AssertAccessibleAsync("/complaints/{id}: resolved");
        await GoToAsync(customer, "complaints");
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("my-complaints")).ToContainTextAsync(reference);

        foreach (var (page, path, text) in new[]
        {
            (customer, new Uri(complaintUrl).AbsolutePath, "已解决"), (customer, "/complaints", "投诉"), (customer, "/complaints/new", "提交投诉"),
            (manager, "/staff/complaints?status=Resolved", "投诉处理"),
        })
        {
            await GoToAsync(page, $"culture?culture=zh-Hans&returnUrl={Uri.EscapeDataString(path)}");
            await page.WaitForBlazorAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(text);
            await page.AssertAccessibleAsync($"{path} in Chinese");
        }
    }
}
