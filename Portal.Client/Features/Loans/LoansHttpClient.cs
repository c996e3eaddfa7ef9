using System.Globalization;
using System.Net.Http.Json;
using Portal.Shared.Features.Loans;
using Portal.Shared.Lending;

namespace Portal.Client.Features.Loans;

internal sealed class LoansHttpClient(HttpClient http) : ILoansService, IPaymentsService, IServicingService
{
    public async Task<IReadOnlyList<LoanListItem>> MyLoansAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/loans", ct)).ReadAsync<List<LoanListItem>>(ct);
    public async Task<LoanDetails> LoanAsync(Guid id, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/loans/{id}", ct)).ReadAsync<LoanDetails>(ct);
    public async Task<PayoffQuote> PayoffAsync(Guid id, DateOnly? date, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/loans/{id}/payoff{(date is { } d ? "?date=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}", ct)).ReadAsync<PayoffQuote>(ct);

    public async Task<PaymentStarted> StartAsync(Guid loanId, StartPayment request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/loans/{loanId}/payments", request, ct)).ReadAsync<PaymentStarted>(ct);
    public async Task<PaymentView> PaymentAsync(Guid paymentId, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/payments/{paymentId}", ct)).ReadAsync<PaymentView>(ct);
    public async Task<PaymentView> CompleteTestAsync(Guid paymentId, TestOutcome outcome, CancellationToken ct = default) =>
        await (await http.PostAsync($"api/payments/test/{paymentId}/{outcome}", null, ct)).ReadAsync<PaymentView>(ct);

    public async Task<PaymentView> CancelAsync(Guid paymentId, CancellationToken ct = default) =>
        await (await http.PostAsync($"api/payments/{paymentId}/cancel", null, ct)).ReadAsync<PaymentView>(ct);

    public async Task<DailyRunResult> RunAsync(DailyRunRequest request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync("api/staff/servicing/daily-run", request, ct)).ReadAsync<DailyRunResult>(ct);
    public async Task<IReadOnlyList<DailyRunResult>> RecentAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/staff/servicing/daily-runs", ct)).ReadAsync<List<DailyRunResult>>(ct);
}
