using System.Net.Http.Json;
using Portal.Shared.Features.Promotions;

namespace Portal.Client.Features.Promotions;

internal sealed class PromotionsAdminHttpClient(HttpClient http) : IPromotionsAdminService
{
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
