using System.Net.Http.Json;
using Portal.Shared.Features.Prospects;

namespace Portal.Client.Features.Prospects;

internal sealed class ProspectsHttpClient(HttpClient http) : IProspectsService
{
    private const string Api = "api/staff/prospects";

    public async Task AskToBeContactedAsync(ContactMeRequest request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync("api/prospects/contact-me", request, ct)).EnsureOkAsync(ct);

    public async Task<TodayView> TodayAsync(CancellationToken ct = default) =>
        await (await http.GetAsync($"{Api}/today", ct)).ReadAsync<TodayView>(ct);

    public async Task<ProspectPage> ListAsync(ProspectQuery q, CancellationToken ct = default)
    {
        // Only the filters that are set: the endpoint refuses an empty value where it expects one of a list.
        var query = new List<string> { $"sort={q.Sort}", $"pageSize={q.PageSize}" };
        void Add(string name, object? value) { if (value is not null && value.ToString() is { Length: > 0 } text) query.Add($"{name}={Uri.EscapeDataString(text)}"); }
        Add("search", q.Search);
        Add("screening", q.Screening);
        Add("stage", q.Stage);
        Add("source", q.Source);
        Add("owner", q.Owner);
        Add("region", q.Region);
        Add("after", q.After);
        return await (await http.GetAsync($"{Api}?{string.Join('&', query)}", ct)).ReadAsync<ProspectPage>(ct);
    }

    public async Task<ProspectView> GetAsync(Guid id, CancellationToken ct = default) =>
        await (await http.GetAsync($"{Api}/{id}", ct)).ReadAsync<ProspectView>(ct);
    public async Task<IReadOnlyList<ProspectMatch>> MatchesAsync(ProspectEdit prospect, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/matches", prospect, ct)).ReadAsync<List<ProspectMatch>>(ct);
    public async Task<ProspectView> CreateAsync(ProspectEdit prospect, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync(Api, prospect, ct)).ReadAsync<ProspectView>(ct);
    public async Task<ProspectView> UpdateAsync(Guid id, ProspectEdit prospect, CancellationToken ct = default) =>
        await (await http.PutAsJsonAsync($"{Api}/{id}", prospect, ct)).ReadAsync<ProspectView>(ct);
    public async Task<ProspectView> AssignAsync(Guid id, AssignProspect request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/{id}/assign", request, ct)).ReadAsync<ProspectView>(ct);
    public async Task<AssignmentSummary> AssignTargetsAsync(AssignTargets request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/assign-targets", request, ct)).ReadAsync<AssignmentSummary>(ct);
    public async Task<ProspectView> LogContactAsync(Guid id, LogContact contact, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/{id}/contacts", contact, ct)).ReadAsync<ProspectView>(ct);
    public async Task<ProspectView> StopContactAsync(Guid id, StopContact request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/{id}/stop", request, ct)).ReadAsync<ProspectView>(ct);
    public async Task<ProspectView> ResumeContactAsync(Guid id, ResumeContact request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/{id}/resume", request, ct)).ReadAsync<ProspectView>(ct);
    public async Task<ProspectView> MergeAsync(Guid id, MergeProspects request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Api}/{id}/merge", request, ct)).ReadAsync<ProspectView>(ct);
    public async Task<IReadOnlyList<ProspectOwnerOption>> OwnersAsync(CancellationToken ct = default) =>
        await (await http.GetAsync($"{Api}/owners", ct)).ReadAsync<List<ProspectOwnerOption>>(ct);
    public async Task<IReadOnlyList<string>> RegionsAsync(CancellationToken ct = default) =>
        await (await http.GetAsync($"{Api}/regions", ct)).ReadAsync<List<string>>(ct);
}
