using System.ComponentModel.DataAnnotations;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Casework;

/// <summary>
/// How the work queue is ordered. Each order is a keyset over indexed columns, so a deep page costs what
/// the first does. <see cref="Name"/> is the order for a name search: the name index then serves both.
/// </summary>
public enum QueueSort { OldestFirst, NewestFirst, LargestFirst, Name }

/// <summary>Who a queue is for: everyone's cases, the caller's, or the unassigned ones (or one person's, by id).</summary>
public static class QueueAssignee
{
    public const string Me = "me";
    public const string Nobody = "none";
}

/// <summary>
/// A page of the staff work queue. <see cref="After"/> is the opaque cursor the previous page returned;
/// filters are all optional. Drafts are never in the queue: they are the customer's until submitted.
/// </summary>
public sealed record QueueQuery
{
    public ApplicationState? State { get; init; }
    /// <summary>Only cases still being worked (submitted to disbursement, not decided-and-closed).</summary>
    public bool OpenOnly { get; init; } = true;
    public string? Product { get; init; }
    public string? Assignee { get; init; }
    /// <summary>Only cases the caller may approve alone: an amount within their authority limit.</summary>
    public bool WithinMyLimit { get; init; }
    /// <summary>Submitted at least this many days ago.</summary>
    [Range(0, 3650)]
    public int? MinAgeDays { get; init; }
    /// <summary>A reference ("HB-…") or the start of the applicant's name.</summary>
    [StringLength(100)]
    public string? Search { get; init; }
    public QueueSort Sort { get; init; }
    [StringLength(200)]
    public string? After { get; init; }
    [Range(1, 100)]
    public int PageSize { get; init; } = 25;
}

/// <summary>A line of the queue; <see cref="UnreadMessages"/> counts the customer's messages nobody on the case has read yet.</summary>
public sealed record QueueRow(
    Guid Id, string Reference, string Applicant, string ProductName, ApplicationState State, decimal? Amount,
    DateTimeOffset SubmittedAt, string? AssigneeName, int UnreadMessages = 0);

/// <summary>A page of the queue and the cursor of the next one (null on the last page).</summary>
public sealed record QueuePage(IReadOnlyList<QueueRow> Rows, string? Next);

/// <summary>A person a case can be assigned to.</summary>
public sealed record StaffMember(string Id, string Name, IReadOnlyList<string> Roles, decimal? ApprovalLimit);

/// <summary>The risk officer's assessment: the scorecard's result, the grade given and, when they differ, why.</summary>
public sealed record AssessmentView(
    int Score, RiskGrade ScoredGrade, RiskGrade Grade, string? OverrideReason, decimal? RecommendedAmount, decimal? RatePercent,
    IReadOnlyList<ScorePart> Parts, IReadOnlyList<ReasonCode> Reasons, string AssessedBy, DateTimeOffset AssessedAt);

/// <summary>
/// One line of the staff timeline: who did what, with the customer's and the internal note. <see cref="Actor"/> is the
/// person's name (the customer's own for their steps); <see cref="By"/> says whether it was the customer, staff or the
/// system (whose name is the reader's language's to give); <see cref="Detail"/> is what the step was about, where the
/// record keeps it (the grade of the current assessment, the kind of a reviewed document).
/// </summary>
public sealed record CaseEvent(ApplicationState State, string Action, DateTimeOffset At, string Actor, string? CustomerNote, string? InternalNote,
    Applications.Actor By = Applications.Actor.Staff, string? Detail = null);

/// <summary>A note only staff see.</summary>
public sealed record InternalNote(DateTimeOffset At, string Author, string Text);

/// <summary>An application as staff see it, with the actions this person may take now and what stands in the way of others.</summary>
public sealed record CaseView
{
    public required Guid Id { get; init; }
    public required string Reference { get; init; }
    public required ApplicationState State { get; init; }
    public required ApplicantType ApplicantType { get; init; }
    public required string CustomerEmail { get; init; }
    public required ApplicationDraft Draft { get; init; }
    public required string? MaskedNationalId { get; init; }
    public required DateTimeOffset? SubmittedAt { get; init; }
    public required string? AssigneeId { get; init; }
    public required string? AssigneeName { get; init; }
    public required string? IdentityVerifiedBy { get; init; }
    public required ScoreResult? Score { get; init; }
    public required AssessmentView? Assessment { get; init; }
    public required string? FirstApprover { get; init; }
    public required int ApprovalsNeeded { get; init; }
    public required OfferTerms? Offer { get; init; }
    public required IReadOnlyList<DeclineReason> DeclineReasons { get; init; }
    public required IReadOnlyList<Documents.DocumentView> Documents { get; init; }
    public required LoanSummary? Loan { get; init; }
    public required IReadOnlyList<CaseEvent> Timeline { get; init; }
    public required IReadOnlyList<InternalNote> Notes { get; init; }
    public required IReadOnlyList<ApplicationAction> Actions { get; init; }
    public required IReadOnlyDictionary<ApplicationAction, Blocker[]> Blocked { get; init; }
    public required bool CanAssign { get; init; }
    public required Guid ConcurrencyStamp { get; init; }
    public required ProductDetails Product { get; init; }

    /// <summary>The promotion the customer chose; <see cref="Product"/> already includes its benefit.</summary>
    public Promotions.AppliedPromotion? Promotion { get; init; }
}

/// <summary>Every staff command carries the stamp of the case the person was looking at: a stale page cannot decide.</summary>
public sealed record CaseCommand(Guid ConcurrencyStamp);

public sealed record AssignCase(string? AssigneeId, Guid ConcurrencyStamp);

/// <summary>Asks the customer for something: the note is what the customer reads.</summary>
public sealed record RequestInformation(
    [property: Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [property: StringLength(2000, MinimumLength = 10, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    string CustomerNote,
    Guid ConcurrencyStamp);

/// <summary>The officer's grade. A grade other than the scorecard's needs a written reason.</summary>
public sealed record SubmitAssessment(
    RiskGrade Grade,
    [property: StringLength(2000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    string? OverrideReason,
    [property: Range(100, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    decimal? RecommendedAmount,
    [property: StringLength(2000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    string? InternalNote,
    Guid ConcurrencyStamp);

/// <summary>Approve as asked, or for a lower amount or a shorter term.</summary>
public sealed record ApproveCase(
    [property: Range(100, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    decimal? Amount,
    [property: Range(1, 600, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    int? Months,
    [property: StringLength(2000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    string? InternalNote,
    Guid ConcurrencyStamp);

public sealed record DeclineCase(
    IReadOnlyList<DeclineReason> Reasons,
    [property: StringLength(2000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    string? InternalNote,
    Guid ConcurrencyStamp);

/// <summary>Back to risk with what to look at again (staff only).</summary>
public sealed record SendBack(
    [property: Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [property: StringLength(2000, MinimumLength = 10, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    string InternalNote,
    Guid ConcurrencyStamp);

/// <summary>What operations paid out. The amount must equal principal minus deducted fees: a typo stops here, not at the bank.</summary>
public sealed record DisburseCase(
    decimal PaidOut,
    DateTimeOffset PaidAt,
    [property: Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [property: StringLength(60, MinimumLength = 4, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    string BankReference,
    Guid ConcurrencyStamp);

/// <summary>Why a document cannot be used: the customer reads this beside the document and replaces it.</summary>
public sealed record RejectDocument(
    [property: Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [property: StringLength(500, MinimumLength = 5, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    string Reason,
    Guid ConcurrencyStamp);

public sealed record AddNote(
    [property: Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [property: StringLength(2000, MinimumLength = 1, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    string Text);

public sealed record ApprovalLimit(
    [property: Range(0, 1_000_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    decimal? Limit);

/// <summary>
/// Work waiting for the caller, by what their roles act on next: <see cref="Kind"/> names it (a resource key's end),
/// <see cref="Query"/> is the queue's address for it.
/// </summary>
public sealed record WaitingWork(string Kind, int Count, string Query);
