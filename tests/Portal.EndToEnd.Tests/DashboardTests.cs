using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>The supervisor's KPI dashboard on the demo data, its CSV, in both languages; a customer manager's own figures.</summary>
public sealed class DashboardTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task A_supervisor_reads_the_dashboard_and_exports_csv_and_a_manager_sees_their_own()
    {
        var supervisor = Page;
        await SignInStaffAsync(supervisor, "supervisor@demo.portal");
        await GoToAsync(supervisor, "staff/dashboard");
        await supervisor.WaitForBlazorAsync();
        await Assertions.Expect(supervisor.TestId("kpi-disbursed")).ToContainTextAsync("¥");
        await Assertions.Expect(supervisor.TestId("funnel-chart")).ToContainTextAsync("Paid out");
        await Assertions.Expect(supervisor.TestId("table-managers")).ToContainTextAsync("Zhang Min");
        await supervisor.AssertAccessibleAsync("/staff/dashboard");

        var download = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.TestId("csv-managers").ClickAsync());
        Assert.Equal("managers.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("\uFEFF\"Customer manager\",\"Submitted\"", csv);
        // Other tests of the run may have added applications of his: at least the demo loan's.
        Assert.Matches("\"Zhang Min \\(customer manager\\)\",[1-9][0-9]*,", csv);
        var kpis = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.TestId("csv-kpis").ClickAsync());
        Assert.Contains("\"Amount paid out\",", await File.ReadAllTextAsync((await kpis.PathAsync())!));

        // One team only.
        await supervisor.ChooseAsync("dashboard-team", "Business");
        await supervisor.TestId("dashboard-show").ClickAsync();
        await Assertions.Expect(supervisor.TestId("table-managers")).ToContainTextAsync("Huang Lei");
        await Assertions.Expect(supervisor.TestId("table-managers")).Not.ToContainTextAsync("Zhang Min");

        await GoToAsync(supervisor, $"culture?culture=zh-Hans&returnUrl={Uri.EscapeDataString("/staff/dashboard")}");
        await supervisor.WaitForBlazorAsync();
        await Assertions.Expect(supervisor.Locator("main")).ToContainTextAsync("经营指标看板");
        await Assertions.Expect(supervisor.TestId("funnel-chart")).ToContainTextAsync("已放款");
        await supervisor.AssertAccessibleAsync("/staff/dashboard in Chinese");
        var chinese = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.TestId("csv-months").ClickAsync());
        Assert.Contains("\"月份\"", await File.ReadAllTextAsync((await chinese.PathAsync())!));

        var manager = await NewPageAsync();
        await SignInStaffAsync(manager, "manager@demo.portal");
        await GoToAsync(manager, "staff/dashboard");
        await manager.WaitForBlazorAsync();
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("Your own figures");
        await Assertions.Expect(manager.TestId("dashboard-team")).ToHaveCountAsync(0);
        await Assertions.Expect(manager.TestId("kpi-submitted")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        await manager.AssertAccessibleAsync("/staff/dashboard as a customer manager");
    }
}
