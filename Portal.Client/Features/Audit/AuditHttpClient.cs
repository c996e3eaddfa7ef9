using Portal.Shared.Features.Audit;

namespace Portal.Client.Features.Audit;

internal sealed class AuditHttpClient(HttpClient http) : IAuditService
{
    public async Task<AuditPage> ReadAsync(AuditQuery q, CancellationToken ct = default)
    {
        var query = new List<string> { $"pageSize={q.PageSize}" };
        void Add(string name, object? value) { if (value is not null && value.ToString() is { Length: > 0 } text) query.Add($"{name}={Uri.EscapeDataString(text)}"); }
        Add("from", q.From?.ToString("yyyy-MM-dd"));
        Add("to", q.To?.ToString("yyyy-MM-dd"));
        Add("actor", q.Actor);
        Add("action", q.Action);
        Add("reference", q.Reference);
        Add("before", q.Before);
        return await (await http.GetAsync($"api/staff/audit?{string.Join('&', query)}", ct)).ReadAsync<AuditPage>(ct);
    }
}
