using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// Marketing writes and publishes a promotion; the demo customer finds it, signs up, prices it in the calculator and
/// chooses it when applying. Axe on each page, and the customer's pages again in Chinese.
/// </summary>
public sealed partial class PromotionTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Marketing_publishes_a_promotion_and_a_customer_signs_up_and_applies_with_it()
    {
        var marketing = Page;
        var slug = "winter-" + Guid.NewGuid().ToString("N")[..8];
        await SignInStaffAsync(marketing, "marketing@demo.portal");
        await GoToAsync(marketing, "staff/promotions");
        await marketing.WaitForBlazorAsync();
        await Assertions.Expect(marketing.TestId("promotion-row").First).ToBeVisibleAsync();
        await marketing.AssertAccessibleAsync("/staff/promotions");
        await marketing.TestId("new-promotion").ClickAsync();
        await marketing.WaitForURLAsync(new Regex("/staff/promotions/new$"));
        await marketing.WaitForBlazorAsync();
        await marketing.FieldInput("promo-title").FillAsync("Winter rate cut");
        await marketing.FieldInput("promo-slug").FillAsync(slug);
        await marketing.FieldInput("promo-summary").FillAsync("Three quarters of a point off an Everyday Personal Loan.");
        await marketing.FieldInputOrArea("promo-description").FillAsync("<p>Warm up with a <strong>lower rate</strong>.</p><script>alert('x')</script>");
        await marketing.FieldInput("promo-discount").FillAsync("75");
        await marketing.FieldInput("promo-product-everyday-personal-loan").CheckAsync();
        await marketing.FieldInput("promo-capacity").FillAsync("50");
        await marketing.FieldInputOrArea("promo-terms").FillAsync("One application per customer.");
        await marketing.AssertAccessibleAsync("/staff/promotions/new");
        await marketing.TestId("save-promotion").ClickAsync();
        await marketing.WaitForURLAsync(new Regex(@"/staff/promotions/\d+$"));
        await Assertions.Expect(marketing.TestId("promotion-phase")).ToHaveTextAsync("Draft");
        // What the customers will see: the script is gone.
        await Assertions.Expect(marketing.TestId("promotion-preview")).ToContainTextAsync("lower rate");
        Assert.DoesNotContain("script", await marketing.TestId("promotion-preview").InnerHTMLAsync());
        await marketing.TestId("publish-promotion").ClickAsync();
        await marketing.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(marketing.TestId("promotion-phase")).ToHaveTextAsync("Open");
        await marketing.AssertAccessibleAsync("/staff/promotions/{id}: open");

        // The demo customer finds it, signs up and sees it on the product.
        var customer = await NewPageAsync();
        await SubmitPasswordAsync(customer, PortalFixture.CustomerEmail, PortalFixture.DemoPassword);
        await GoToAsync(customer, "promotions");
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("promotion-card").Filter(new() { HasText = "Winter rate cut" })).ToContainTextAsync("0.75 points off the rate");
        await customer.AssertAccessibleAsync("/promotions");
        await customer.TestId("promotion-card").Filter(new() { HasText = "Winter rate cut" }).Locator("h2 a").ClickAsync();
        await customer.WaitForURLAsync(new Regex($"/promotions/{slug}$"));
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("places-left")).ToContainTextAsync("50 places left");
        await customer.TestId("sign-up").ClickAsync();
        await Assertions.Expect(customer.TestId("signed-up")).ToContainTextAsync("You signed up");
        await customer.AssertAccessibleAsync("/promotions/{slug}: signed up");

        await GoToAsync(customer, "products/everyday-personal-loan");
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("promotion-badge").Filter(new() { HasText = "Winter rate cut" })).ToBeVisibleAsync();
        var listedApr = await customer.TestId("calc-apr").TextContentAsync();
        await customer.ChooseAsync("calc-promotion", "Winter rate cut");
        await Assertions.Expect(customer.TestId("calc-without")).ToContainTextAsync(listedApr!);
        Assert.True(Percent(await customer.TestId("calc-apr").TextContentAsync()) < Percent(listedApr), "the promotion lowers the APR");
        await customer.AssertAccessibleAsync("/products/{slug} with a promotion priced");

        // Applying, the customer chooses it; the review says the application is priced with it.
        await customer.TestId("apply-now").First.ClickAsync();
        await customer.WaitForURLAsync(new Regex(@"/applications/[0-9a-f-]{36}/edit$"), new() { Timeout = 60_000 });
        await customer.WaitForBlazorAsync();
        await customer.TestId("step-Loan").ClickAsync();
        // The step has its data (as the journey waits for it): a select opened while it is still rendering shuts again.
        await Assertions.Expect(customer.TestId("wizard-next")).ToBeEnabledAsync();
        await Assertions.Expect(customer.TestId("wizard-price")).ToBeVisibleAsync();
        await customer.ChooseAsync("app-promotion", "Winter rate cut");
        await customer.TestId("step-Review").ClickAsync();
        await Assertions.Expect(customer.TestId("wizard-promotion")).ToContainTextAsync("Winter rate cut");
        await Assertions.Expect(customer.TestId("wizard-promotion")).ToContainTextAsync("0.75 points off the rate");
        await customer.AssertAccessibleAsync("wizard review with a promotion");

        await GoToAsync(customer, "my-promotions");
        await customer.WaitForBlazorAsync();
        await Assertions.Expect(customer.TestId("held-promotion").First).ToBeVisibleAsync();
        await customer.AssertAccessibleAsync("/my-promotions");

        // The same pages in Chinese.
        foreach (var (path, text) in new[] { ("/promotions", "优惠活动"), ($"/promotions/{slug}", "您已于"), ("/my-promotions", "我的活动"), ("/products/everyday-personal-loan", "优惠") })
        {
            await GoToAsync(customer, $"culture?culture=zh-Hans&returnUrl={Uri.EscapeDataString(path)}");
            await customer.WaitForBlazorAsync();
            await Assertions.Expect(customer.Locator("main")).ToContainTextAsync(text);
            await customer.AssertAccessibleAsync($"{path} in Chinese");
        }
        await GoToAsync(marketing, $"culture?culture=zh-Hans&returnUrl={Uri.EscapeDataString("/staff/promotions")}");
        await marketing.WaitForBlazorAsync();
        await Assertions.Expect(marketing.Locator("main")).ToContainTextAsync("报名中");
        await marketing.AssertAccessibleAsync("/staff/promotions in Chinese");
    }

    private static decimal Percent(string? text) =>
        decimal.Parse(PercentNumber().Match(text ?? "").Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex PercentNumber();
}
