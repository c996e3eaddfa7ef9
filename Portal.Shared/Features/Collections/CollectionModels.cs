using System.ComponentModel.DataAnnotations;
using Portal.Shared.Features.Loans;
using Portal.Shared.Lending;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Collections;

public enum ContactChannel { Phone, Sms, Email, Letter, Visit }

public enum PromiseState { Open, Kept, Broken }

/// <summary>Disposal actions (SPEC 2.6). Calling in makes the remaining balance due; the others are recorded and told to the customer.</summary>
public enum DisposalAction { ReduceAvailableAmount, RequireCollateral, CallIn }

/// <summary>One overdue loan in the collections queue, as of the last daily run.</summary>
public sealed record CollectionItem(
    Guid LoanId,
    string Reference,
    string CustomerName,
    int DaysPastDue,
    LoanClassification Classification,
    decimal Arrears,
    decimal Penalty,
    DateOnly? ReviewedOn,
    DateTimeOffset? LastContactAt,
    DateOnly? PromiseDate,
    decimal? PromiseAmount,
    PromiseState? PromiseState,
    bool Watched);

public sealed record CollectionsPage(IReadOnlyList<CollectionItem> Items, string? NextCursor, int Total);

public sealed record ContactEntry(
    long Id,
    DateTimeOffset At,
    string StaffName,
    ContactChannel Channel,
    string Note,
    DateOnly? PromiseDate,
    decimal? PromiseAmount,
    PromiseState? PromiseState);

public sealed record WatchEntry(DateTimeOffset At, string StaffName, string Action, string Reason, decimal? Amount);

/// <summary>A loan as staff see it: the borrower's view plus the contact log, promises and the watch list.</summary>
public sealed record StaffLoanView(
    LoanDetails Loan,
    string CustomerName,
    string ApplicationReference,
    string? WatchReason,
    DateOnly? CalledInOn,
    IReadOnlyList<ContactEntry> Contacts,
    IReadOnlyList<WatchEntry> WatchHistory,
    Guid ConcurrencyStamp);

public sealed class AddContact
{
    public ContactChannel Channel { get; set; } = ContactChannel.Phone;

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(2000, MinimumLength = 3, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Note { get; set; } = "";

    /// <summary>A promise to pay made in this contact: both or neither.</summary>
    public DateOnly? PromiseDate { get; set; }

    [Range(typeof(decimal), "0.01", "100000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? PromiseAmount { get; set; }
}

public sealed class WatchLoan
{
    /// <summary>Empty reason with <see cref="Watch"/> false takes the loan off the list.</summary>
    public bool Watch { get; set; } = true;

    [StringLength(1000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string Reason { get; set; } = "";

    public Guid ConcurrencyStamp { get; set; }
}

public sealed class RecordDisposal
{
    public DisposalAction Action { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(1000, MinimumLength = 10, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Reason { get; set; } = "";

    /// <summary>For reducing an available amount: the new amount.</summary>
    [Range(typeof(decimal), "0", "100000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? Amount { get; set; }

    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>Collections and early warning for staff; every call checks its permission on the server.</summary>
public interface ICollectionsService
{
    Task<CollectionsPage> QueueAsync(int? minDays, string? cursor, CancellationToken ct = default);
    Task<StaffLoanView> LoanAsync(Guid loanId, CancellationToken ct = default);
    Task<StaffLoanView> AddContactAsync(Guid loanId, AddContact contact, CancellationToken ct = default);
    Task<StaffLoanView> WatchAsync(Guid loanId, WatchLoan request, CancellationToken ct = default);
    Task<StaffLoanView> DisposeAsync(Guid loanId, RecordDisposal request, CancellationToken ct = default);
}
