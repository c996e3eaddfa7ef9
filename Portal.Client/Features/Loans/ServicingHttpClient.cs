using System.Net.Http.Json;
using Portal.Shared.Features.Loans;

namespace Portal.Client.Features.Loans;

internal sealed class ServicingHttpClient(HttpClient http) : IServicingService
{
    public async Task<DailyRunResult> RunAsync(DailyRunRequest request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync("api/staff/servicing/daily-run", request, ct)).ReadAsync<DailyRunResult>(ct);
    public async Task<IReadOnlyList<DailyRunResult>> RecentAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/staff/servicing/daily-runs", ct)).ReadAsync<List<DailyRunResult>>(ct);
}
