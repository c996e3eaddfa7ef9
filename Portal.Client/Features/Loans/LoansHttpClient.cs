using System.Globalization;
using Portal.Shared.Features.Loans;
using Portal.Shared.Lending;

namespace Portal.Client.Features.Loans;

internal sealed class LoansHttpClient(HttpClient http) : ILoansService
{
    public async Task<IReadOnlyList<LoanListItem>> MyLoansAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/loans", ct)).ReadAsync<List<LoanListItem>>(ct);
    public async Task<LoanDetails> LoanAsync(Guid id, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/loans/{id}", ct)).ReadAsync<LoanDetails>(ct);
    public async Task<PayoffQuote> PayoffAsync(Guid id, DateOnly? date, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/loans/{id}/payoff{(date is { } d ? "?date=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}", ct)).ReadAsync<PayoffQuote>(ct);
}
