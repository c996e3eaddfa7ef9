using Portal.Shared.Features.Dashboard;

namespace Portal.Client.Features.Dashboard;

internal sealed class DashboardHttpClient(HttpClient http) : IDashboardService
{
    public async Task<KpiDashboard> GetAsync(DashboardFilter f, CancellationToken ct = default)
    {
        var query = string.Join("&", new[]
        {
            $"from={f.From:yyyy-MM-dd}", $"to={f.To:yyyy-MM-dd}",
            f.ProductId is { } p ? $"product={p}" : null, f.Team is { } t ? $"team={Uri.EscapeDataString(t)}" : null,
            f.ManagerId is { } m ? $"manager={Uri.EscapeDataString(m)}" : null, f.PromotionId is { } pr ? $"promotion={pr}" : null,
        }.OfType<string>());
        return await (await http.GetAsync($"api/staff/dashboard?{query}", ct)).ReadAsync<KpiDashboard>(ct);
    }

    public async Task<DashboardChoices> ChoicesAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/staff/dashboard/choices", ct)).ReadAsync<DashboardChoices>(ct);
}
