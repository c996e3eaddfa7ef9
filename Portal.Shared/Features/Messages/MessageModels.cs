using System.ComponentModel.DataAnnotations;
using Portal.Shared.Features.Applications;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Messages;

/// <summary>One message of a thread. <see cref="Unread"/> is from the reader's side: sent by the other side and not yet opened.</summary>
public sealed record MessageView(long Id, DateTimeOffset At, string Sender, bool FromStaff, string Text, bool Unread);

/// <summary>
/// A conversation: about one application (the customer and the staff on the case), or a customer's
/// questions about one product (answered by product managers).
/// </summary>
public sealed record ThreadView(
    Guid? ApplicationId, string? Reference, string? ProductSlug, string Title, string? CustomerId, string? CustomerName,
    IReadOnlyList<MessageView> Messages);

/// <summary>A line of a list of threads, with how many messages wait for the reader.</summary>
public sealed record ThreadSummary(
    Guid? ApplicationId, string? Reference, string? ProductSlug, string Title, string? CustomerId, string? CustomerName,
    int Unread, DateTimeOffset LastAt, string LastText);

public sealed record SendMessage(
    [property: Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [property: StringLength(4000, MinimumLength = 1, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    string Text);

/// <summary>Something new for the person: a step of their application, or a message. The words come from the kind.</summary>
public sealed record NotificationView(long Id, DateTimeOffset At, NotificationKind Kind, string? Reference, ApplicationState? State, string Link, bool Unread);

public enum NotificationKind { StateChanged, NewMessage, PaymentReceived, PaymentFailed, PaymentDueSoon, PaymentDueToday, PaymentOverdue, LoanWatched, ComplaintAnswered, ComplaintResolved }

/// <summary>The bell: the latest notifications and how many are unread.</summary>
public sealed record Inbox(IReadOnlyList<NotificationView> Items, int Unread);

/// <summary>Messages and notifications of the signed-in person (customer or staff): every query is theirs only.</summary>
public interface IMessagesService
{
    Task<Inbox> InboxAsync(CancellationToken ct = default);
    Task MarkInboxReadAsync(CancellationToken ct = default);

    /// <summary>The customer's threads, newest first.</summary>
    Task<IReadOnlyList<ThreadSummary>> MyThreadsAsync(CancellationToken ct = default);
    /// <summary>The thread of one of the customer's applications; opening it marks staff messages read.</summary>
    Task<ThreadView> ApplicationThreadAsync(Guid applicationId, CancellationToken ct = default);
    Task<ThreadView> SendOnApplicationAsync(Guid applicationId, SendMessage message, CancellationToken ct = default);
    /// <summary>The customer's questions about a product and the answers.</summary>
    Task<ThreadView> ProductThreadAsync(string productSlug, CancellationToken ct = default);
    Task<ThreadView> AskAboutProductAsync(string productSlug, SendMessage message, CancellationToken ct = default);

    /// <summary>Staff: the thread of a case (opening it marks the customer's messages read).</summary>
    Task<ThreadView> CaseThreadAsync(Guid applicationId, CancellationToken ct = default);
    Task<ThreadView> ReplyOnCaseAsync(Guid applicationId, SendMessage message, CancellationToken ct = default);
    /// <summary>Product managers: customers' product questions, unanswered first.</summary>
    Task<IReadOnlyList<ThreadSummary>> ProductQuestionsAsync(CancellationToken ct = default);
    Task<ThreadView> ProductQuestionAsync(string customerId, string productSlug, CancellationToken ct = default);
    Task<ThreadView> AnswerProductQuestionAsync(string customerId, string productSlug, SendMessage message, CancellationToken ct = default);
}

/// <summary>Where an email in the outbox stands.</summary>
public enum OutboxStatus { Pending, Sent, Failed }

public sealed record OutboxEntry(long Id, string Kind, string To, string Subject, OutboxStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>The email outbox for administrators: counts by state and the latest emails, failures first.</summary>
public sealed record OutboxView(int Pending, int Sent, int Failed, IReadOnlyList<OutboxEntry> Latest);

public interface IOutboxService
{
    Task<OutboxView> OutboxAsync(OutboxStatus? status, CancellationToken ct = default);
    /// <summary>Puts a failed email back in the queue for one more round of tries.</summary>
    Task<OutboxView> RetryAsync(long id, CancellationToken ct = default);
}
