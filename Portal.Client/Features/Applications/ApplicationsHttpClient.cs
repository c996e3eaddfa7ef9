using System.Net;
using System.Net.Http.Json;
using Portal.Shared.Features.Applications;

namespace Portal.Client.Features.Applications;

internal sealed class ApplicationsHttpClient(HttpClient http) : IApplicationsService
{
    public async Task<ApplicationView> StartAsync(StartApplication request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync("api/applications", request, ct)).ReadAsync<ApplicationView>(ct);

    public async Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/applications", ct)).ReadAsync<List<ApplicationSummary>>(ct);

    public async Task<ApplicationView?> GetMineAsync(Guid id, CancellationToken ct = default)
    {
        var response = await http.GetAsync($"api/applications/{id}", ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.ReadAsync<ApplicationView>(ct);
    }

    public async Task<ApplicationView> SaveDraftAsync(Guid id, SaveDraft request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/applications/{id}/draft", request, ct)).ReadAsync<ApplicationView>(ct);

    public async Task<ApplicationView> SubmitAsync(Guid id, ApplicationCommand request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/applications/{id}/submit", request, ct)).ReadAsync<ApplicationView>(ct);

    public async Task<ApplicationView> WithdrawAsync(Guid id, ApplicationCommand request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/applications/{id}/withdraw", request, ct)).ReadAsync<ApplicationView>(ct);

    public async Task<ApplicationView> AcceptOfferAsync(Guid id, ApplicationCommand request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/applications/{id}/accept", request, ct)).ReadAsync<ApplicationView>(ct);

    public async Task<ContractView?> GetContractAsync(Guid id, CancellationToken ct = default)
    {
        var response = await http.GetAsync($"api/applications/{id}/contract", ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.ReadAsync<ContractView>(ct);
    }

    public async Task<ApplicationView> SignAsync(Guid id, SignContract request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/applications/{id}/sign", request, ct)).ReadAsync<ApplicationView>(ct);

    public async Task<ApplicationView> UploadDocumentAsync(Guid id, string kind, string fileName, Stream content, CancellationToken ct = default)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StreamContent(content), "file", fileName },
        };
        return await (await http.PostAsync($"api/applications/{id}/documents", form, ct)).ReadAsync<ApplicationView>(ct);
    }
}
