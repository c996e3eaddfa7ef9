using System.Net.Http.Json;
using Portal.Shared.Features.Collections;

namespace Portal.Client.Features.Collections;

internal sealed class CollectionsHttpClient(HttpClient http) : ICollectionsService
{
    public async Task<CollectionsPage> QueueAsync(int? minDays, string? cursor, CancellationToken ct = default)
    {
        // Only the filters that are set: an empty "minDays=" is not a number, and the endpoint refuses it.
        var query = string.Join("&", new[] { minDays is { } d ? $"minDays={d}" : null, cursor is { } c ? $"after={Uri.EscapeDataString(c)}" : null }.OfType<string>());
        return await (await http.GetAsync($"api/staff/collections?{query}", ct)).ReadAsync<CollectionsPage>(ct);
    }
    public async Task<StaffLoanView> LoanAsync(Guid loanId, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/staff/collections/loans/{loanId}", ct)).ReadAsync<StaffLoanView>(ct);
    public async Task<StaffLoanView> AddContactAsync(Guid loanId, AddContact contact, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/collections/loans/{loanId}/contacts", contact, ct)).ReadAsync<StaffLoanView>(ct);
    public async Task<StaffLoanView> WatchAsync(Guid loanId, WatchLoan request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/collections/loans/{loanId}/watch", request, ct)).ReadAsync<StaffLoanView>(ct);
    public async Task<StaffLoanView> DisposeAsync(Guid loanId, RecordDisposal request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/collections/loans/{loanId}/disposal", request, ct)).ReadAsync<StaffLoanView>(ct);
}
