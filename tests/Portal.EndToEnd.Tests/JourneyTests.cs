using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// The whole journey in real browsers, one context per person: a new customer registers and applies, joining the welcome
/// promotion in the wizard; a customer manager asks for information; the customer answers; risk grades; an approver approves;
/// the customer accepts and signs; operations pay out; the customer sees the loan. Axe on every page,
/// and the journey's pages again in Chinese.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed partial class JourneyTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task From_registration_to_a_disbursed_loan_across_five_people()
    {
        // The customer registers, confirms and applies.
        var customer = Page;
        var email = $"journey-{Guid.NewGuid():N}"[..20] + "@example.test";
        const string password = "journey password 2026";
        await GoToAsync(customer, "Account/Register");
        await FillRegistrationAsync(customer, email, password);
        await GoToAsync(customer, await ConfirmationLinkAsync(email));
        await SubmitPasswordAsync(customer, email, password);

        // The product shows the welcome rate (a point off for new customers); the customer goes straight to Apply now and
        // joins it in the wizard's first step, which prices the loan chosen.
        await GoToAsync(customer, "products/salary-advance");
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.Locator("main")).ToContainTextAsync("Welcome rate");
        await customer.TestId("apply-now").First.ClickAsync();
        await customer.WaitForURLAsync(EditUrl(), new() { Timeout = 60_000 });
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("wizard-next")).ToBeEnabledAsync();
        await Assertions.Expect(customer.TestId("wizard-price")).ToBeVisibleAsync();
        var aprWithout = await customer.TestId("wizard-apr-low").InnerTextAsync();
        await customer.TestId("join-welcome-rate").ClickAsync();
        await Assertions.Expect(customer.TestId("wizard-joinable")).ToHaveCountAsync(0);
        await Assertions.Expect(customer.TestId("wizard-apr-low")).Not.ToHaveTextAsync(aprWithout);
        await customer.AssertAccessibleAsync("wizard: the loan, priced with the welcome rate joined");
        await customer.WizardNextAsync("About you");
        await customer.WizardField("app-full-name").FillAsync("Chen Yu");
        await customer.WizardField("app-national-id").FillAsync("11010519900101123X");
        await customer.WizardField("app-date-of-birth").FillAsync("1990-01-01");
        await customer.WizardField("app-date-of-birth").PressAsync("Tab");
        await customer.WizardField("app-phone").FillAsync("+86 139 0000 0000");
        await customer.WizardField("app-address").FillAsync("8 River Street, Hangzhou");
        await customer.WizardField("app-resident").CheckAsync();
        await customer.WizardNextAsync("Work and income");
        await customer.WizardField("app-employer").FillAsync("West Lake Foods");
        await customer.WizardField("app-years-employed").FillAsync("6");
        await customer.WizardField("app-monthly-income").FillAsync("20000");
        await customer.WizardNextAsync("Other debts and purpose");
        await customer.WizardField("app-obligations").FillAsync("800");
        await customer.WizardField("app-purpose").FillAsync("Moving house");
        await customer.WizardNextAsync("Documents");
        await customer.UploadDocumentAsync("National ID card", "id-card.pdf");
        await customer.UploadDocumentAsync("Latest payslip", "payslip-october.pdf");
        await customer.WizardNextAsync("Consents");
        await customer.WizardField("app-consent-credit").CheckAsync();
        await customer.WizardField("app-consent-privacy").CheckAsync();
        // The consents link to what they ask the customer to accept.
        foreach (var (link, heading) in new[] { ("consent-privacy-link", "privacy"), ("consent-credit-link", "credit") })
        {
            var terms = await customer.Context.APIRequest.GetAsync((await customer.TestId(link).GetAttributeAsync("href"))!);
            Assert.True(terms.Ok, $"{link} answered {terms.Status}");
            Assert.Contains(heading, (await terms.TextAsync()).ToLowerInvariant());
        }
        await customer.WizardNextAsync("Review and submit");
        await customer.TestId("submit-application").ClickAsync();
        await customer.WaitForURLAsync(StatusUrl());
        await Assertions.Expect(customer.TestId("current-state")).ToContainTextAsync("Submitted");
        var statusUrl = customer.Url;
        var id = statusUrl[^36..];

        // The customer manager finds it in the queue, starts the review and asks for information.
        var manager = await NewPageAsync();
        await SignInStaffAsync(manager, "manager@demo.portal");
        await GoToAsync(manager, "staff/applications?search=chen%20yu");
        await manager.WaitForBlazorAsync();
        await Assertions.Expect(manager.TestId("queue-row").First).ToBeVisibleAsync();
        await manager.AssertAccessibleAsync("work queue");
        await manager.Locator($"[data-testid=queue-row] a[href$='{id}']").ClickAsync();
        await manager.WaitForURLAsync(new Regex($"/staff/applications/{id}$"));
        await manager.WaitForBlazorAsync();
        await manager.AssertAccessibleAsync("case: submitted");
        await manager.TestId("start-review").ClickAsync();
        await Assertions.Expect(manager.TestId("case-state")).ToHaveTextAsync("Initial review");
        // The ID card is fine (looked at in the page); the payslip is last month's.
        var idCard = manager.TestId("case-document").Filter(new() { HasText = "National ID card" });
        var inline = manager.WaitForResponseAsync(r => r.Url.Contains("/inline"));
        await idCard.Locator("[data-testid=preview-document]").ClickAsync();
        Assert.Equal("application/pdf", (await inline).Headers["content-type"]);
        await Assertions.Expect(manager.TestId("document-preview").First).ToBeVisibleAsync();
        // Closed again: axe cannot look inside the browser's PDF viewer.
        await idCard.Locator("[data-testid=preview-document]").ClickAsync();
        await Assertions.Expect(manager.TestId("document-preview")).ToHaveCountAsync(0);
        await idCard.Locator("[data-testid=accept-document]").ClickAsync();
        await Assertions.Expect(idCard.Locator("[data-testid=case-document-status]")).ToHaveTextAsync("accepted");
        var payslip = manager.TestId("case-document").Filter(new() { HasText = "Latest payslip" });
        await payslip.Locator("[data-testid=reject-reason] input, input[data-testid=reject-reason]").First.FillAsync("This payslip is for October; we need November's.");
        await payslip.Locator("[data-testid=reject-document]").ClickAsync();
        await Assertions.Expect(payslip.Locator("[data-testid=case-document-status]")).ToHaveTextAsync("not accepted");
        await manager.AssertAccessibleAsync("case: documents reviewed");
        await manager.FieldInputOrArea("request-note").FillAsync("Please add your latest payslip and check your address.");
        await manager.TestId("request-information").ClickAsync();
        await Assertions.Expect(manager.TestId("case-state")).ToHaveTextAsync("Needs information");

        // The customer reads what is asked and sends the application back.
        await GoToAsync(customer, statusUrl);
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("current-state")).ToContainTextAsync("Waiting for information from you");
        await Assertions.Expect(customer.TestId("notification-count")).ToBeVisibleAsync();
        await Assertions.Expect(customer.Locator("main")).ToContainTextAsync("latest payslip");
        await customer.AssertAccessibleAsync("status: needs information");
        await customer.TestId("continue-application").ClickAsync();
        await customer.WaitForURLAsync(EditUrl());
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("needs-information")).ToContainTextAsync("latest payslip");
        await customer.TestId("step-Applicant").ClickAsync();
        await customer.WizardField("app-address").FillAsync("8 River Street, Xihu District, Hangzhou");
        await customer.TestId("step-Documents").ClickAsync();
        await Assertions.Expect(customer.TestId("document-rejection")).ToContainTextAsync("we need November's");
        await customer.UploadDocumentAsync("Latest payslip", "payslip-november.pdf");
        await customer.TestId("step-Review").ClickAsync();
        await customer.TestId("submit-application").ClickAsync();
        await customer.WaitForURLAsync(StatusUrl());
        await Assertions.Expect(customer.TestId("current-state")).ToContainTextAsync("Being checked");
        await customer.WaitForBlazorAsync();
        await customer.FieldInputOrArea("message-text").FillAsync("I have uploaded November's payslip.");
        await customer.TestId("send-message").ClickAsync();
        await Assertions.Expect(customer.TestId("application-messages")).ToContainTextAsync("November's payslip");

        // The manager checks identity and forwards to risk.
        await GoToAsync(manager, $"staff/applications/{id}");
        await manager.WaitForBlazorAsync();
        await Assertions.Expect(manager.TestId("blocked-ForwardToRisk")).ToBeVisibleAsync();
        await Assertions.Expect(manager.TestId("application-messages")).ToContainTextAsync("November's payslip");
        await manager.FieldInputOrArea("message-text").FillAsync("Thank you, we have it.");
        await manager.TestId("send-message").ClickAsync();
        await Assertions.Expect(manager.TestId("application-messages")).ToContainTextAsync("Thank you, we have it.");
        await manager.TestId("case-document").Filter(new() { HasText = "payslip-november.pdf" }).Locator("[data-testid=accept-document]").ClickAsync();
        await manager.TestId("verify-identity").ClickAsync();
        await Assertions.Expect(manager.TestId("identity-check")).ToContainTextAsync("Zhang Min");
        await manager.TestId("forward-to-risk").ClickAsync();
        await Assertions.Expect(manager.TestId("case-state")).ToHaveTextAsync("Risk assessment");

        // Risk grades it with the scorecard.
        var risk = await NewPageAsync();
        await SignInStaffAsync(risk, "risk@demo.portal");
        // A risk officer lands on the staff home, sees what awaits assessment and opens it from there.
        await risk.WaitForURLAsync(new Regex("/staff$"));
        await risk.WaitForBlazorAsync();
        await Assertions.Expect(risk.TestId("waiting-Assessment").Locator(".waiting-count")).Not.ToHaveTextAsync("0");
        await risk.TestId("waiting-Assessment").Locator("a").ClickAsync();
        await risk.WaitForURLAsync(new Regex("/staff/applications\\?state=RiskAssessment"));
        await risk.Locator($"[data-testid=queue-row] a[href$='{id}']").ClickAsync();
        await risk.WaitForURLAsync(new Regex($"/staff/applications/{id}$"));
        await risk.WaitForBlazorAsync();
        await Assertions.Expect(risk.TestId("scorecard")).ToContainTextAsync("Score");
        await risk.AssertAccessibleAsync("case: risk assessment");
        await risk.TestId("submit-assessment").ClickAsync();
        await Assertions.Expect(risk.TestId("case-state")).ToHaveTextAsync("Pending approval");

        // An approver approves, after confirming.
        var approver = await NewPageAsync();
        await SignInStaffAsync(approver, "approver@demo.portal");
        await GoToAsync(approver, $"staff/applications/{id}");
        await approver.WaitForBlazorAsync();
        await approver.AssertAccessibleAsync("case: pending approval");
        await approver.TestId("approve").ClickAsync();
        await approver.Locator(".mud-dialog button", new() { HasText = "Approve" }).ClickAsync();
        await Assertions.Expect(approver.TestId("case-state")).ToHaveTextAsync("Approved");

        // The customer accepts the offer and signs the contract.
        await GoToAsync(customer, statusUrl);
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("offer-apr")).ToBeVisibleAsync();
        await Assertions.Expect(customer.TestId("offer-promotion")).ToContainTextAsync("1.00 points off the rate");
        await customer.AssertAccessibleAsync("status: offer");
        await customer.TestId("accept-offer").ClickAsync();
        await Assertions.Expect(customer.TestId("contract-text")).ToContainTextAsync("Chen Yu");
        await customer.FieldInput("typed-name").FillAsync("Chen Yu");
        await customer.FieldInput("sign-consent").CheckAsync();
        await customer.AssertAccessibleAsync("status: contract");
        await customer.TestId("sign-contract").ClickAsync();
        await Assertions.Expect(customer.TestId("signed")).ToContainTextAsync("Chen Yu");
        var pdf = await customer.Context.APIRequest.GetAsync((await customer.TestId("contract-pdf").GetAttributeAsync("href"))!);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);

        // Operations pay out; the amount is prefilled from the engine.
        var operations = await NewPageAsync();
        await SignInStaffAsync(operations, "operations@demo.portal");
        await GoToAsync(operations, $"staff/applications/{id}");
        await operations.WaitForBlazorAsync();
        await operations.FieldInput("bank-reference").FillAsync("ICBC-20261129-0042");
        await operations.AssertAccessibleAsync("case: contract signed");
        await operations.TestId("disburse").ClickAsync();
        await operations.Locator(".mud-dialog button", new() { HasText = "Record the payout" }).ClickAsync();
        await Assertions.Expect(operations.TestId("case-state")).ToHaveTextAsync("Disbursed");
        await Assertions.Expect(operations.TestId("case-loan")).ToContainTextAsync("ICBC-20261129-0042");

        // The customer sees the loan.
        await GoToAsync(customer, statusUrl);
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("loan-created")).ToContainTextAsync("LN-");
        await customer.AssertAccessibleAsync("status: disbursed");

        // The same pages in Chinese.
        foreach (var (page, path, text) in new[]
        {
            (customer, new Uri(statusUrl).AbsolutePath, "已放款"), (customer, new Uri(statusUrl).AbsolutePath + "/edit", "申请"),
            (customer, "/applications", "已放款"), (customer, "/notifications", "通知"), (customer, "/messages", "消息"),
            (operations, $"/staff/applications/{id}", "已放款"), (operations, "/staff/applications?state=Disbursed", "已放款"),
        })
        {
            await GoToAsync(page, $"culture?culture=zh-Hans&returnUrl={Uri.EscapeDataString(path)}");
            await page.WaitForBlazorAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(text);
            await page.AssertAccessibleAsync($"{path} in Chinese");
        }
    }

    [GeneratedRegex(@"/applications/[0-9a-f-]{36}/edit$")]
    private static partial Regex EditUrl();

    [GeneratedRegex(@"/applications/[0-9a-f-]{36}$")]
    private static partial Regex StatusUrl();
}
