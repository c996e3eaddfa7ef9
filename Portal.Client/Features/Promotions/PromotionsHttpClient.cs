using System.Net;
using System.Net.Http.Json;
using Portal.Shared.Features.Promotions;

namespace Portal.Client.Features.Promotions;

internal sealed class PromotionsHttpClient(HttpClient http) : IPromotionsService
{
    public async Task<IReadOnlyList<PromotionView>> ListOpenAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/promotions", ct)).ReadAsync<List<PromotionView>>(ct);

    public async Task<PromotionView?> GetAsync(string slug, CancellationToken ct = default)
    {
        var response = await http.GetAsync($"api/promotions/{Uri.EscapeDataString(slug)}", ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.ReadAsync<PromotionView>(ct);
    }

    public async Task<PromotionView> SignUpAsync(string slug, CancellationToken ct = default) =>
        await (await http.PostAsync($"api/promotions/{Uri.EscapeDataString(slug)}/sign-up", null, ct)).ReadAsync<PromotionView>(ct);

    public async Task<IReadOnlyList<PromotionView>> MineAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/me/promotions", ct)).ReadAsync<List<PromotionView>>(ct);

    public async Task<MarketingPreference> MarketingAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/me/marketing", ct)).ReadAsync<MarketingPreference>(ct);

    public async Task<MarketingPreference> SetMarketingAsync(bool optIn, CancellationToken ct = default) =>
        await (await http.PutAsJsonAsync("api/me/marketing", new MarketingChoice(optIn), ct)).ReadAsync<MarketingPreference>(ct);

    public async Task UnsubscribeAsync(string token, CancellationToken ct = default) =>
        await (await http.PostAsync($"api/marketing/unsubscribe?token={Uri.EscapeDataString(token)}", null, ct)).EnsureOkAsync(ct);
}
