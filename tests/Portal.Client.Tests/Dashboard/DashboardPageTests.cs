using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Dashboard;
using Portal.Shared.Features.Dashboard;

namespace Portal.Client.Tests.Dashboard;

public sealed class DashboardPageTests : ClientTestContext
{
    private sealed class FakeDashboard(bool own) : IDashboardService
    {
        public DashboardFilter? Asked;

        public Task<KpiDashboard> GetAsync(DashboardFilter filter, CancellationToken ct = default)
        {
            Asked = filter;
            var row = new BreakdownRow("m1", "=Zhang Min", 2, 3, 2, 66.67m, 48, 1, 10_000m, 8_000m);
            return Task.FromResult(new KpiDashboard(filter,
                new KpiFigures(5, 5, 5, 4, 80m, 24, 3.5, 2, 2, 30_000m, 23_000m, 65.22m, 65.22m, 3.67, 3, 2, 1, 1),
                [.. Enum.GetValues<FunnelStage>().Select((s, i) => new FunnelStep(s, 8 - i))],
                [new MonthRow("2025-01", 2, 3, 2, 1, 10_000m)], [row], [row], [row], [], "CNY", DateTimeOffset.UnixEpoch, own));
        }

        public Task<DashboardChoices> ChoicesAsync(CancellationToken ct = default) =>
            Task.FromResult(new DashboardChoices([new("1", "Everyday")], own ? [] : ["Retail"], own ? [] : [new("m1", "Zhang Min")], [], own));
    }

    [Fact]
    public void A_supervisor_sees_every_figure_every_table_and_its_csv()
    {
        Services.AddSingleton<IDashboardService>(new FakeDashboard(own: false));
        var cut = Render<DashboardPage>();

        Assert.Equal("5", cut.Find("[data-testid=kpi-submitted]").TextContent);
        Assert.Contains("80.00%", cut.Find("[data-testid=kpi-approval-rate]").TextContent);
        Assert.Equal(8, cut.FindAll("[data-testid=funnel-chart] li").Count);
        Assert.NotEmpty(cut.FindAll("[data-testid=dashboard-team]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=table-managers]"));
        // An empty table says so instead of showing headers alone.
        Assert.Contains("Nothing in this period.", cut.Find("section:has(#promotions)").TextContent);

        var csv = Uri.UnescapeDataString(cut.Find("[data-testid=csv-managers]").GetAttribute("href")!["data:text/csv;charset=utf-8,".Length..]);
        Assert.StartsWith("\uFEFF\"Customer manager\",\"Submitted\"", csv);
        Assert.Contains("\"'=Zhang Min\",2,3,2,66.67,48,1,10000,8000", csv);
    }

    [Fact]
    public void A_customer_manager_gets_no_team_or_manager_choice()
    {
        Services.AddSingleton<IDashboardService>(new FakeDashboard(own: true));
        var cut = Render<DashboardPage>();
        Assert.Contains("Your own figures", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=dashboard-team]"));
        Assert.Empty(cut.FindAll("[data-testid=table-managers]"));
    }
}
