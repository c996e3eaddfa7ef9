using Portal.Shared.Features.Messages;

namespace Portal.Client.Tests;

/// <summary>A messages service with one thread that remembers what was sent.</summary>
internal sealed class FakeMessages : IMessagesService
{
    public List<MessageView> Sent = [];
    public Inbox Inbox = new([], 0);

    private ThreadView Thread(Guid? id = null, string? slug = null) => new(id, "HB-TEST", slug, "HB-TEST", null, null, Sent);

    private Task<ThreadView> Add(SendMessage m, bool staff, Guid? id = null, string? slug = null)
    {
        Sent = [.. Sent, new MessageView(Sent.Count + 1, DateTimeOffset.UnixEpoch, staff ? "Staff" : "Customer", staff, m.Text, false)];
        return Task.FromResult(Thread(id, slug));
    }

    public Task<Inbox> InboxAsync(CancellationToken ct = default) => Task.FromResult(Inbox);
    public Task MarkInboxReadAsync(CancellationToken ct = default) { Inbox = Inbox with { Unread = 0 }; return Task.CompletedTask; }
    public Task<IReadOnlyList<ThreadSummary>> MyThreadsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ThreadSummary>>([]);
    public Task<ThreadView> ApplicationThreadAsync(Guid applicationId, CancellationToken ct = default) => Task.FromResult(Thread(applicationId));
    public Task<ThreadView> SendOnApplicationAsync(Guid applicationId, SendMessage message, CancellationToken ct = default) => Add(message, false, applicationId);
    public Task<ThreadView> ProductThreadAsync(string productSlug, CancellationToken ct = default) => Task.FromResult(Thread(slug: productSlug));
    public Task<ThreadView> AskAboutProductAsync(string productSlug, SendMessage message, CancellationToken ct = default) => Add(message, false, slug: productSlug);
    public Task<ThreadView> CaseThreadAsync(Guid applicationId, CancellationToken ct = default) => Task.FromResult(Thread(applicationId));
    public Task<ThreadView> ReplyOnCaseAsync(Guid applicationId, SendMessage message, CancellationToken ct = default) => Add(message, true, applicationId);
    public Task<IReadOnlyList<ThreadSummary>> ProductQuestionsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ThreadSummary>>([]);
    public Task<ThreadView> ProductQuestionAsync(string customerId, string productSlug, CancellationToken ct = default) => Task.FromResult(Thread(slug: productSlug));
    public Task<ThreadView> AnswerProductQuestionAsync(string customerId, string productSlug, SendMessage message, CancellationToken ct = default) => Add(message, true, slug: productSlug);
}
