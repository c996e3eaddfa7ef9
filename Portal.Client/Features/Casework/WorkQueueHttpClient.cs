using System.Net.Http.Json;
using Portal.Shared.Features.Casework;

namespace Portal.Client.Features.Casework;

internal sealed class WorkQueueHttpClient(HttpClient http) : IWorkQueueService
{
    private const string Api = "api/staff/applications";

    public async Task<IReadOnlyList<WaitingWork>> WaitingAsync(CancellationToken ct = default) =>
        await (await http.GetAsync($"{Api}/waiting", ct)).ReadAsync<List<WaitingWork>>(ct);

    public async Task<QueuePage> QueueAsync(QueueQuery q, CancellationToken ct = default)
    {
        var query = new List<string> { $"openOnly={q.OpenOnly}", $"sort={q.Sort}", $"pageSize={q.PageSize}" };
        void Add(string name, object? value) { if (value is not null && value.ToString() is { Length: > 0 } text) query.Add($"{name}={Uri.EscapeDataString(text)}"); }
        Add("state", q.State);
        Add("product", q.Product);
        Add("assignee", q.Assignee);
        Add("minAgeDays", q.MinAgeDays);
        Add("search", q.Search);
        Add("after", q.After);
        if (q.WithinMyLimit) Add("withinMyLimit", "true");
        return await (await http.GetAsync($"{Api}?{string.Join('&', query)}", ct)).ReadAsync<QueuePage>(ct);
    }

    public async Task<IReadOnlyList<StaffMember>> StaffAsync(CancellationToken ct = default) =>
        await (await http.GetAsync($"{Api}/staff", ct)).ReadAsync<List<StaffMember>>(ct);

    public async Task<StaffMember> SetApprovalLimitAsync(string userId, ApprovalLimit request, CancellationToken ct = default) =>
        await (await http.PutAsJsonAsync($"api/staff/approval-limits/{Uri.EscapeDataString(userId)}", request, ct)).ReadAsync<StaffMember>(ct);
}
