using System.Net.Http.Json;
using Portal.Shared.Features.Complaints;

namespace Portal.Client.Features.Complaints;

internal sealed class ComplaintsHttpClient(HttpClient http) : IComplaintsService
{
    public async Task<ComplaintView> OpenAsync(NewComplaint complaint, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync("api/complaints", complaint, ct)).ReadAsync<ComplaintView>(ct);
    public async Task<IReadOnlyList<ComplaintView>> MineAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/complaints", ct)).ReadAsync<List<ComplaintView>>(ct);
    public async Task<ComplaintView> GetMineAsync(Guid id, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/complaints/{id}", ct)).ReadAsync<ComplaintView>(ct);
    public async Task<ComplaintView> ReplyAsync(Guid id, ComplaintText reply, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/complaints/{id}/messages", reply, ct)).ReadAsync<ComplaintView>(ct);

    public async Task<IReadOnlyList<ComplaintRow>> QueueAsync(ComplaintStatus? status, bool overdueOnly, bool mineOnly, CancellationToken ct = default)
    {
        // Only the filters that are set: an empty value is not a status.
        var query = string.Join("&", new[] { status is { } s ? $"status={s}" : null, overdueOnly ? "overdue=true" : null, mineOnly ? "mine=true" : null }.OfType<string>());
        return await (await http.GetAsync($"api/staff/complaints?{query}", ct)).ReadAsync<List<ComplaintRow>>(ct);
    }
    public async Task<IReadOnlyList<ComplaintHandler>> HandlersAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/staff/complaints/handlers", ct)).ReadAsync<List<ComplaintHandler>>(ct);
    public async Task<ComplaintView> GetAsync(Guid id, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/staff/complaints/{id}", ct)).ReadAsync<ComplaintView>(ct);
    public async Task<ComplaintView> AssignAsync(Guid id, AssignComplaint request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/complaints/{id}/assign", request, ct)).ReadAsync<ComplaintView>(ct);
    public async Task<ComplaintView> AnswerAsync(Guid id, ComplaintText answer, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/complaints/{id}/answer", answer, ct)).ReadAsync<ComplaintView>(ct);
    public async Task<ComplaintView> ResolveAsync(Guid id, ComplaintText resolution, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/complaints/{id}/resolve", resolution, ct)).ReadAsync<ComplaintView>(ct);
}
