using System.Net.Http.Json;
using Portal.Shared.Features.Messages;

namespace Portal.Client.Features.Messages;

internal sealed class MessagesHttpClient(HttpClient http) : IMessagesService
{
    public async Task<Inbox> InboxAsync(CancellationToken ct = default) => await (await http.GetAsync("api/notifications", ct)).ReadAsync<Inbox>(ct);
    public async Task MarkInboxReadAsync(CancellationToken ct = default) => await (await http.PostAsync("api/notifications/read", null, ct)).EnsureOkAsync(ct);

    public async Task<IReadOnlyList<ThreadSummary>> MyThreadsAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/messages", ct)).ReadAsync<List<ThreadSummary>>(ct);
    public async Task<ThreadView> ApplicationThreadAsync(Guid applicationId, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/messages/applications/{applicationId}", ct)).ReadAsync<ThreadView>(ct);
    public async Task<ThreadView> SendOnApplicationAsync(Guid applicationId, SendMessage message, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/messages/applications/{applicationId}", message, ct)).ReadAsync<ThreadView>(ct);
    public async Task<ThreadView> ProductThreadAsync(string productSlug, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/messages/products/{Uri.EscapeDataString(productSlug)}", ct)).ReadAsync<ThreadView>(ct);
    public async Task<ThreadView> AskAboutProductAsync(string productSlug, SendMessage message, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/messages/products/{Uri.EscapeDataString(productSlug)}", message, ct)).ReadAsync<ThreadView>(ct);

    public async Task<ThreadView> CaseThreadAsync(Guid applicationId, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/staff/messages/applications/{applicationId}", ct)).ReadAsync<ThreadView>(ct);
    public async Task<ThreadView> ReplyOnCaseAsync(Guid applicationId, SendMessage message, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/messages/applications/{applicationId}", message, ct)).ReadAsync<ThreadView>(ct);
    public async Task<IReadOnlyList<ThreadSummary>> ProductQuestionsAsync(CancellationToken ct = default) =>
        await (await http.GetAsync("api/staff/messages/product-questions", ct)).ReadAsync<List<ThreadSummary>>(ct);
    public async Task<ThreadView> ProductQuestionAsync(string customerId, string productSlug, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/staff/messages/product-questions/{Uri.EscapeDataString(customerId)}/{Uri.EscapeDataString(productSlug)}", ct)).ReadAsync<ThreadView>(ct);
    public async Task<ThreadView> AnswerProductQuestionAsync(string customerId, string productSlug, SendMessage message, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"api/staff/messages/product-questions/{Uri.EscapeDataString(customerId)}/{Uri.EscapeDataString(productSlug)}", message, ct)).ReadAsync<ThreadView>(ct);
}

internal sealed class OutboxHttpClient(HttpClient http) : IOutboxService
{
    public async Task<OutboxView> OutboxAsync(OutboxStatus? status, CancellationToken ct = default) =>
        await (await http.GetAsync($"api/staff/email-outbox{(status is { } s ? "?status=" + s : "")}", ct)).ReadAsync<OutboxView>(ct);
    public async Task<OutboxView> RetryAsync(long id, CancellationToken ct = default) =>
        await (await http.PostAsync($"api/staff/email-outbox/{id}/retry", null, ct)).ReadAsync<OutboxView>(ct);
}
