using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

public sealed partial class ApplicationTests(PortalFixture portal) : BrowserTest(portal)
{
    private ILocator Field(string testId) => Page.WizardField(testId);

    private Task NextAsync(string stepHeading) => Page.WizardNextAsync(stepHeading);

    [Fact]
    public async Task Customer_applies_online_submits_and_follows_the_application()
    {
        await SubmitPasswordAsync(Page, PortalFixture.CustomerEmail, PortalFixture.DemoPassword);
        await GoToAsync(Page, "products/salary-advance");
        await Page.WaitForBlazorAsync();
        await Page.TestId("apply-now").First.ClickAsync();
        await Page.WaitForURLAsync(EditUrl(), new() { Timeout = 60_000 });
        await Page.WaitForBlazorAsync();
        await Assertions.Expect(Page.TestId("wizard-next")).ToBeEnabledAsync();
        await Page.AssertAccessibleAsync("wizard: the loan");

        // Step 1 starts from the product's representative example.
        await NextAsync("About you");
        await Field("app-full-name").FillAsync("Li Wei");
        await Field("app-national-id").FillAsync("11010519880605123X");
        await Field("app-date-of-birth").FillAsync("1988-06-05");
        await Field("app-date-of-birth").PressAsync("Tab");
        await Field("app-phone").FillAsync("+86 138 0000 0000");
        await Field("app-address").FillAsync("1 Harbour Road, Shanghai");
        await Field("app-resident").CheckAsync();
        await Page.AssertAccessibleAsync("wizard: the applicant");
        await NextAsync("Work and income");
        await Field("app-employer").FillAsync("Bright Tech Ltd");
        await Field("app-years-employed").FillAsync("4");
        await Field("app-monthly-income").FillAsync("15000");
        await NextAsync("Other debts and purpose");
        await Field("app-obligations").FillAsync("500");
        await Field("app-purpose").FillAsync("Course fees");
        await NextAsync("Documents");
        await Page.UploadDocumentAsync("National ID card", "id-card.pdf");
        await Page.UploadDocumentAsync("Latest payslip", "payslip.pdf");
        await Page.AssertAccessibleAsync("wizard: documents");
        await NextAsync("Consents");
        await Field("app-consent-credit").CheckAsync();
        await Field("app-consent-privacy").CheckAsync();
        await NextAsync("Review and submit");
        await Page.AssertAccessibleAsync("wizard: review");

        await Assertions.Expect(Page.TestId("missing-for-submit")).ToHaveCountAsync(0);
        await Page.TestId("submit-application").ClickAsync();
        await Page.WaitForURLAsync(StatusUrl());
        await Assertions.Expect(Page.TestId("current-state")).ToContainTextAsync("Submitted");
        await Assertions.Expect(Page.TestId("timeline")).ToContainTextAsync("Draft");
        await Page.AssertAccessibleAsync("application status");

        await GoToAsync(Page, "applications");
        await Assertions.Expect(Page.TestId("application-row").First).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync("my applications");
    }

    [GeneratedRegex(@"/applications/[0-9a-f-]{36}/edit$")]
    private static partial Regex EditUrl();

    [GeneratedRegex(@"/applications/[0-9a-f-]{36}$")]
    private static partial Regex StatusUrl();
}
