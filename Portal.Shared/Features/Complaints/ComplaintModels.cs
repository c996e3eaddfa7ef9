using System.ComponentModel.DataAnnotations;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Complaints;

public enum ComplaintCategory { Service, Fees, Decision, Repayments, Privacy, Other }

/// <summary>
/// Open: nobody has it yet. InProgress: someone has it, or the customer wrote back. Answered: staff replied and
/// wait for the customer. Resolved: closed with a resolution the customer reads.
/// </summary>
public enum ComplaintStatus { Open, InProgress, Answered, Resolved }

public sealed class NewComplaint
{
    public ComplaintCategory Category { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(4000, MinimumLength = 10, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Description { get; set; } = "";

    /// <summary>One of the customer's own applications or loans, when the complaint is about one.</summary>
    public Guid? ApplicationId { get; set; }
    public Guid? LoanId { get; set; }
}

public sealed class ComplaintText
{
    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(4000, MinimumLength = 2, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Text { get; set; } = "";

    /// <summary>Staff commands carry the stamp of the complaint they were looking at.</summary>
    public Guid ConcurrencyStamp { get; set; }
}

public sealed record AssignComplaint(string? AssigneeId, Guid ConcurrencyStamp);

public sealed record ComplaintMessageView(DateTimeOffset At, bool FromStaff, string Author, string Text);

public sealed record ComplaintView(
    Guid Id,
    string Reference,
    ComplaintCategory Category,
    string Description,
    ComplaintStatus Status,
    DateTimeOffset CreatedAt,
    /// <summary>The final answer is due by then.</summary>
    DateTimeOffset DueBy,
    bool Overdue,
    string? ApplicationReference,
    Guid? ApplicationId,
    string? LoanReference,
    Guid? LoanId,
    string? AssigneeName,
    string? Resolution,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<ComplaintMessageView> Messages,
    Guid ConcurrencyStamp)
{
    /// <summary>Staff only: who the complaint is from, who has it, what this person may do now.</summary>
    public string? CustomerEmail { get; init; }
    public string? AssigneeId { get; init; }
    public bool CanAssignOthers { get; init; }
}

public sealed record ComplaintRow(Guid Id, string Reference, ComplaintCategory Category, ComplaintStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset DueBy, bool Overdue, string? AssigneeName, string Customer);

/// <summary>Who may be given a complaint (a supervisor's choice).</summary>
public sealed record ComplaintHandler(string Id, string Name);

public interface IComplaintsService
{
    // The customer's side
    Task<ComplaintView> OpenAsync(NewComplaint complaint, CancellationToken ct = default);
    Task<IReadOnlyList<ComplaintView>> MineAsync(CancellationToken ct = default);
    Task<ComplaintView> GetMineAsync(Guid id, CancellationToken ct = default);
    Task<ComplaintView> ReplyAsync(Guid id, ComplaintText reply, CancellationToken ct = default);

    // Staff
    Task<IReadOnlyList<ComplaintRow>> QueueAsync(ComplaintStatus? status, bool overdueOnly, bool mineOnly, CancellationToken ct = default);
    Task<IReadOnlyList<ComplaintHandler>> HandlersAsync(CancellationToken ct = default);
    Task<ComplaintView> GetAsync(Guid id, CancellationToken ct = default);
    Task<ComplaintView> AssignAsync(Guid id, AssignComplaint request, CancellationToken ct = default);
    Task<ComplaintView> AnswerAsync(Guid id, ComplaintText answer, CancellationToken ct = default);
    Task<ComplaintView> ResolveAsync(Guid id, ComplaintText resolution, CancellationToken ct = default);
}
