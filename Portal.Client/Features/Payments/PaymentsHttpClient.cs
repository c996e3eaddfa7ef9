using System.Net.Http.Json;
using Portal.Shared.Features.Payments;

namespace Portal.Client.Features.Payments;

internal sealed class PaymentsHttpClient(HttpClient http) : IPaymentsService
{
    public async Task<PaymentStarted> StartAsync(Guid loanId, StartPayment request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/loans/{loanId}/payments", request, ct)).ReadAsync<PaymentStarted>(ct);
    public async Task<PaymentView> PaymentAsync(Guid paymentId, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/payments/{paymentId}", ct)).ReadAsync<PaymentView>(ct);
    public async Task<PaymentView> CompleteTestAsync(Guid paymentId, TestOutcome outcome, CancellationToken ct = default) =>
        await (await http.PostAsync($"api/payments/test/{paymentId}/{outcome}", null, ct)).ReadAsync<PaymentView>(ct);

    public async Task<PaymentView> CancelAsync(Guid paymentId, CancellationToken ct = default) =>
        await (await http.PostAsync($"api/payments/{paymentId}/cancel", null, ct)).ReadAsync<PaymentView>(ct);
}
