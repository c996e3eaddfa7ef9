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

    public async Task<IReadOnlyList<PromotionRow>> ListAllAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/staff/promotions", ct)).ReadAsync<List<PromotionRow>>(ct);

    public async Task<IReadOnlyList<PromotionProductChoice>> ProductChoicesAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/staff/promotions/products", ct)).ReadAsync<List<PromotionProductChoice>>(ct);

    public async Task<PromotionEdit> GetForEditAsync(int id, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/staff/promotions/{id}", ct)).ReadAsync<PromotionEdit>(ct);

    public async Task<PromotionEdit> SaveAsync(PromotionEdit edit, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync("api/staff/promotions", edit, ct)).ReadAsync<PromotionEdit>(ct);

    public async Task<PromotionEdit> UploadImageAsync(int id, Stream content, string fileName, CancellationToken ct = default)
    {
        using var form = new MultipartFormDataContent { { new StreamContent(content), "file", fileName } };
        return await (await http.PostAsync($"api/staff/promotions/{id}/image", form, ct)).ReadAsync<PromotionEdit>(ct);
    }

    public async Task<PromotionEdit> PublishAsync(int id, Guid stamp, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/promotions/{id}/publish", new PromotionStamp(stamp), ct)).ReadAsync<PromotionEdit>(ct);

    public async Task<PromotionEdit> EndAsync(int id, Guid stamp, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/promotions/{id}/end", new PromotionStamp(stamp), ct)).ReadAsync<PromotionEdit>(ct);

    public async Task<PromotionEdit> TranslateAsync(int id, PromotionTranslation translation, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/promotions/{id}/translation", translation, ct)).ReadAsync<PromotionEdit>(ct);

    public async Task<int> EmailOptedInAsync(int id, CancellationToken ct = default) =>
        (await (await http.PostAsync($"api/staff/promotions/{id}/email", null, ct)).ReadAsync<EmailQueued>(ct)).Queued;

    private sealed record EmailQueued(int Queued);
}
