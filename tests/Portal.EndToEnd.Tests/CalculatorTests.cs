using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

[Collection(SecondPortalCollection.Name)]
public sealed class CalculatorTests(PortalFixture portal) : BrowserTest(portal)
{
    private const string CsvHeader = "Number,DueDate,Payment,Principal,Interest,Fee,Total,BalanceAfter";

    [Fact]
    public async Task Visitor_changes_amount_and_term_and_the_quote_schedule_and_csv_follow()
    {
        await GoToAsync(Page, "products/everyday-personal-loan");
        var instalment = Page.TestId("calc-instalment");
        var before = new Quote(
            await instalment.InnerTextAsync(), await Page.TestId("calc-interest").InnerTextAsync(),
            await Page.TestId("calc-total").InnerTextAsync(), await Page.TestId("calc-apr").InnerTextAsync());

        await Page.WaitForBlazorAsync();
        await SetUntilReactsAsync("calc-amount", "100000", "the instalment follows a new amount once WebAssembly is interactive");

        var afterAmount = await instalment.InnerTextAsync();
        await SetUntilReactsAsync("calc-months", "36", "the instalment follows a new term");
        await PageChecks.EventuallyAsync(async () => await instalment.InnerTextAsync() != afterAmount, "instalment changes with the term");

        var after = new Quote(
            await instalment.InnerTextAsync(), await Page.TestId("calc-interest").InnerTextAsync(),
            await Page.TestId("calc-total").InnerTextAsync(), await Page.TestId("calc-apr").InnerTextAsync());
        Assert.NotEqual(before.Instalment, after.Instalment);
        Assert.NotEqual(before.Interest, after.Interest);
        Assert.NotEqual(before.Total, after.Total);
        Assert.Matches(@"\d+(\.\d+)?\s*%", after.Apr);
        // ¥100,000 over 36 months at 9.6 %: about ¥3,208 a month; the total is more than the principal.
        Assert.InRange(PageChecks.Amount(after.Instalment), 3_100m, 3_300m);
        Assert.True(PageChecks.Amount(after.Total) > 100_000m);
        // The APR moves with amount and term because the capped arrangement fee weighs differently.
        Assert.NotEqual(before.Apr, after.Apr);

        // The schedule.
        var schedule = Page.Locator("details.schedule");
        await schedule.Locator("summary").ClickAsync();
        await Assertions.Expect(schedule.Locator("[data-testid='calc-schedule']")).ToBeVisibleAsync();
        Assert.Equal(36, await schedule.Locator("[data-testid='calc-schedule'] tbody tr").CountAsync());
        await Page.AssertAccessibleAsync("/products/everyday-personal-loan (calculator, schedule open)");

        // The CSV download.
        var csvLink = Page.TestId("calc-csv");
        Assert.NotNull(await csvLink.GetAttributeAsync("download"));
        var download = await Page.RunAndWaitForDownloadAsync(() => csvLink.ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        Assert.Equal(CsvHeader, lines[0].TrimStart('\uFEFF'));
        Assert.Equal(36, lines.Count - 1);
        Assert.StartsWith("36,", lines[^1]);
    }

    [Fact]
    public async Task Visitor_checks_eligibility_and_nothing_is_sent_to_the_server()
    {
        await GoToAsync(Page, "products/everyday-personal-loan");
        await Page.WaitForBlazorAsync();
        await SetUntilReactsAsync("calc-amount", "100000", "the page is interactive");
        var apiCalls = 0;
        Page.Request += (_, request) => { if (request.Url.Contains("/api/")) apiCalls++; };

        await Page.FieldInput("elig-age").FillAsync("35");
        await Page.FieldInput("elig-income").FillAsync("30000");
        await Page.FieldInput("elig-obligations").FillAsync("0");
        await Page.FieldInput("elig-years").FillAsync("6");
        await Page.TestId("elig-submit").ClickAsync();

        var result = Page.TestId("elig-result");
        await Assertions.Expect(result).ToContainTextAsync("likely to be eligible");
        await Assertions.Expect(result).ToContainTextAsync("grade A");
        Assert.Equal(0, apiCalls);
        await Page.AssertAccessibleAsync("/products/everyday-personal-loan (eligibility result)");
    }

    [Fact]
    public async Task Out_of_range_amount_shows_an_error_not_a_crash()
    {
        await GoToAsync(Page, "products/everyday-personal-loan");
        await Page.WaitForBlazorAsync();
        await SetUntilReactsAsync("calc-amount", "100000", "the calculator is interactive");

        var amount = Page.FieldInput("calc-amount");
        await amount.FillAsync("999999999");

        // The field says what is allowed, the figures give way to a hint, and nothing breaks.
        var field = Page.Locator(".mud-input-control").Filter(new() { Has = amount });
        await Assertions.Expect(field.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("200,000");
        await Assertions.Expect(amount).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(Page.TestId("calc-instalment")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.TestId("calculator").Locator(".mud-alert")).ToBeVisibleAsync();
        Assert.False(await Page.Locator("#blazor-error-ui").IsVisibleAsync(), "Blazor's unhandled-error bar is showing");
        await Page.AssertAccessibleAsync("/products/everyday-personal-loan (amount out of range)");

        // Back in range, the figures return.
        await amount.FillAsync("20000");
        await Assertions.Expect(Page.TestId("calc-instalment")).ToBeVisibleAsync();
        await Assertions.Expect(amount).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task In_Chinese_the_browser_writes_the_schedule_as_the_server_did()
    {
        // The runtime loads only the page's culture's share of the ICU data (Portal.Client.csproj): Chinese must be in it.
        await Page.Context.AddCookiesAsync([new() { Name = ".AspNetCore.Culture", Value = "c%3Dzh-Hans%7Cuic%3Dzh-Hans", Url = Portal.BaseUrl.ToString() }]);
        await GoToAsync(Page, "products/everyday-personal-loan");
        var firstDue = Page.Locator("[data-testid='calc-schedule'] tbody tr").First.Locator("td").Nth(1);
        var prerendered = await firstDue.TextContentAsync();

        await Page.WaitForBlazorAsync();
        await SetUntilReactsAsync("calc-amount", "100000", "the instalment follows a new amount once WebAssembly is interactive");

        // The first due date does not depend on the amount: the browser's rendering must read as the server's did.
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日$", prerendered);
        Assert.Equal(prerendered, await firstDue.TextContentAsync());
    }

    /// <summary>
    /// Types into a calculator field until the instalment reacts: before WebAssembly takes over the prerendered
    /// page, typing changes nothing (and the first interactive render may reset the field), so retry.
    /// </summary>
    private async Task SetUntilReactsAsync(string testId, string value, string because)
    {
        var instalment = Page.TestId("calc-instalment");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var before = await instalment.InnerTextAsync();
            var input = Page.FieldInput(testId);
            await input.FillAsync(value);
            var start = DateTime.UtcNow;
            while (DateTime.UtcNow - start < TimeSpan.FromSeconds(3))
            {
                if (await instalment.CountAsync() == 1 && await instalment.InnerTextAsync() != before) return;
                await Task.Delay(100);
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out: {because} (instalment stayed '{before}')");
        }
    }

    private sealed record Quote(string Instalment, string Interest, string Total, string Apr);
}
