using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// Customer development in a browser (SPEC 2.9): a visitor asks to be contacted from a product page; the supervisor
/// screens and hands the prospect to a customer manager, who logs a call with its next step.
/// </summary>
public sealed class ProspectTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task A_visitor_asks_to_be_contacted_the_supervisor_screens_and_assigns_and_the_manager_logs_a_call()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        await GoToAsync(Page, "products/everyday-personal-loan");
        await Page.WaitForBlazorAsync();
        await Page.FieldInputOrArea("elig-income").FillAsync("12000");
        await Page.TestId("elig-submit").ClickAsync();
        await Assertions.Expect(Page.TestId("elig-result")).ToBeVisibleAsync();
        await Page.FieldInputOrArea("contact-me-name").FillAsync("Visitor Gao");
        await Page.FieldInputOrArea("contact-me-phone").FillAsync(phone);
        await Page.TestId("contact-me-send").ClickAsync();
        // Not without consent: the form says why and keeps what was typed.
        await Assertions.Expect(Page.Locator("[data-testid=contact-me] .validation-message, [data-testid=contact-me] .mud-input-helper-text.mud-input-error")).Not.ToHaveCountAsync(0);
        await Page.FieldInputOrArea("contact-me-answers").CheckAsync();
        await Page.FieldInputOrArea("contact-me-consent").CheckAsync();
        await Page.TestId("contact-me-send").ClickAsync();
        await Assertions.Expect(Page.TestId("contact-me-sent")).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync("/products/everyday-personal-loan, request sent");

        // The supervisor finds it, screens the site's prospects and gives this one to Zhang Min.
        var supervisor = await NewPageAsync();
        await SignInStaffAsync(supervisor, "supervisor@demo.portal");
        await GoToAsync(supervisor, "staff/screening");
        await supervisor.WaitForBlazorAsync();
        await supervisor.AssertAccessibleAsync("/staff/screening");
        await supervisor.ChooseAsync("run-criteria", "Salaried, city core");
        await supervisor.TestId("run-screening-go").ClickAsync();
        await supervisor.Locator(".mud-dialog button", new() { HasText = "Screen now" }).ClickAsync();
        await Assertions.Expect(supervisor.TestId("screening-summary")).ToContainTextAsync("targets");

        await GoToAsync(supervisor, $"staff/prospects?search={phone}");
        await supervisor.WaitForBlazorAsync();
        await supervisor.AssertAccessibleAsync("/staff/prospects");
        await supervisor.TestId("prospect-row").Locator("a", new() { HasText = "Visitor Gao" }).ClickAsync();
        await Assertions.Expect(supervisor.TestId("prospect-owner")).ToBeVisibleAsync();
        // No region was given, so the criteria for salaried people in the city core say "not now", in words.
        await Assertions.Expect(supervisor.TestId("screening-reason")).ToContainTextAsync("not in a region");
        await Assertions.Expect(supervisor.TestId("prospect-contacts")).ToContainTextAsync("age 30");
        await supervisor.TestId("prospect-assignee").ClickAsync();
        await supervisor.Locator(".mud-popover-open [role=option]", new() { HasText = "Zhang Min" }).ClickAsync();
        await Assertions.Expect(supervisor.TestId("prospect-owner")).ToContainTextAsync("Zhang Min");
        await supervisor.AssertAccessibleAsync("/staff/prospects/{id}");
        var address = supervisor.Url;

        // The manager calls and plans the next step; the history shows each step.
        var manager = await NewPageAsync();
        await SignInStaffAsync(manager, "manager@demo.portal");
        await GoToAsync(manager, new Uri(address).PathAndQuery.TrimStart('/'));
        await manager.WaitForBlazorAsync();
        await manager.ChooseAsync("contact-outcome", "Interested");
        await manager.FieldInputOrArea("contact-note").FillAsync("Wants 50,000 over two years.");
        await manager.FieldInputOrArea("contact-next-what").FillAsync("Send the invitation to apply");
        await manager.TestId("log-contact-go").ClickAsync();
        await Assertions.Expect(manager.TestId("prospect-contacts")).ToContainTextAsync("Wants 50,000 over two years.");
        await Assertions.Expect(manager.TestId("prospect-status")).ToContainTextAsync("Interested");
        await Assertions.Expect(manager.TestId("prospect-history")).ToContainTextAsync("Contact logged");
        await manager.AssertAccessibleAsync("/staff/prospects/{id} after a contact");

        // Do not contact: confirmed, then every way to contact is off and says why.
        await manager.Locator("summary", new() { HasText = "Stop all contact" }).ClickAsync();
        await manager.FieldInputOrArea("stop-reason").FillAsync("Asked us not to call again");
        await manager.TestId("stop-contact").ClickAsync();
        await manager.Locator(".mud-dialog button", new() { HasText = "Stop contact" }).ClickAsync();
        await Assertions.Expect(manager.TestId("prospect-stopped")).ToContainTextAsync("Asked us not to call again");
        await Assertions.Expect(manager.TestId("contact-off")).ToContainTextAsync("Asked us not to call again");
        await Assertions.Expect(manager.TestId("log-contact-go")).ToBeDisabledAsync();
    }
}
