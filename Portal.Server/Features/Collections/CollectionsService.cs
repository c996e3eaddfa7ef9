using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Collections;

/// <summary>
/// Collections and early warning. The queue reads the daily run's figures (indexed); a loan's page reads the
/// engine's figures for today. Every change is audited and checked against the loan's stamp.
/// </summary>
public sealed class CollectionsService(PortalDbContext db, ICurrentUser user, LoansService loans, Notifier notifier, LocalCalendar calendar, TimeProvider clock,
    IOptions<ServicingOptions> servicing, IOptions<DisclosureOptions> disclosure) : ICollectionsService
{
    public const int PageSize = 50;

    /// <summary>The loans staff work on: never their own, whatever their roles (for them it is not there).</summary>
    private IQueryable<Loan> Loans
    {
        get
        {
            var me = user.Id;
            return db.Loans.Where(l => l.CustomerId != me);
        }
    }
    private DateTimeOffset Now => clock.GetUtcNow();

    public async Task<CollectionsPage> QueueAsync(int? minDays, string? cursor, CancellationToken ct = default)
    {
        user.Require(Permissions.WorkCollections);
        var min = Math.Max(1, minDays ?? 1);
        var overdue = Loans.AsNoTracking().Where(l => l.Status == LoanStatus.Active && l.DaysPastDue >= min);
        var total = await overdue.CountAsync(ct);
        var page = overdue;
        if (Cursor(cursor) is var (days, id))
            page = page.Where(l => l.DaysPastDue < days || (l.DaysPastDue == days && l.Id > id));
        var rows = await page.OrderByDescending(l => l.DaysPastDue).ThenBy(l => l.Id).Take(PageSize + 1)
            .Join(db.Applications, l => l.ApplicationId, a => a.Id, (l, a) => new
            {
                l.Id, l.Reference, l.DaysPastDue, l.Classification, l.ArrearsMinor, l.PenaltyMinor, l.ReviewedOn, l.WatchReason,
                Name = a.BusinessName ?? a.FullName ?? "",
            })
            .ToListAsync(ct);
        var shown = rows.Take(PageSize).ToList();
        var ids = shown.Select(r => r.Id).ToList();
        var contacts = await db.Set<LoanContact>().AsNoTracking().Where(c => ids.Contains(c.LoanId)).ToListAsync(ct);
        var promises = await PromiseStatesAsync(contacts, ct);
        var items = shown.Select(r =>
        {
            var mine = contacts.Where(c => c.LoanId == r.Id).OrderByDescending(c => c.At).ToList();
            var promise = mine.FirstOrDefault(c => c.PromiseDate is not null);
            return new CollectionItem(r.Id, r.Reference, r.Name, r.DaysPastDue, r.Classification, Money.FromMinor(r.ArrearsMinor), Money.FromMinor(r.PenaltyMinor),
                r.ReviewedOn, mine.FirstOrDefault()?.At, promise?.PromiseDate, promise?.PromiseAmountMinor is { } a ? Money.FromMinor(a) : null,
                promise is null ? null : promises[promise.Id], r.WatchReason is not null);
        }).ToList();
        var next = rows.Count > PageSize ? Encode(shown[^1].DaysPastDue, shown[^1].Id) : null;
        return new CollectionsPage(items, next, total);
    }

    public async Task<StaffLoanView> LoanAsync(Guid loanId, CancellationToken ct = default)
    {
        user.Require(Permissions.WorkCollections);
        var loan = await Loans.AsNoTracking().Include(l => l.Instalments).FirstOrDefaultAsync(l => l.Id == loanId, ct)
            ?? throw new NotFoundException(SharedText.LoanNotFound);
        var details = await loans.ViewAsync(loan, withPayments: true, ct);
        var application = await db.Applications.AsNoTracking().Where(a => a.Id == loan.ApplicationId)
            .Select(a => new { a.Reference, Name = a.BusinessName ?? a.FullName ?? "" }).FirstAsync(ct);
        var contacts = await db.Set<LoanContact>().AsNoTracking().Where(c => c.LoanId == loanId).OrderByDescending(c => c.At).ToListAsync(ct);
        var promises = await PromiseStatesAsync(contacts, ct);
        var watch = await db.Set<LoanWatchEvent>().AsNoTracking().Where(w => w.LoanId == loanId).OrderByDescending(w => w.At)
            .Select(w => new WatchEntry(w.At, w.StaffName, w.Action, w.Reason, w.AmountMinor == null ? null : Money.FromMinor(w.AmountMinor.Value)))
            .ToListAsync(ct);
        return new StaffLoanView(details, application.Name, application.Reference, loan.WatchReason, loan.CalledInOn,
            contacts.Select(c => new ContactEntry(c.Id, c.At, c.StaffName, c.Channel, c.Note, c.PromiseDate,
                c.PromiseAmountMinor is { } a ? Money.FromMinor(a) : null, c.PromiseDate is null ? null : promises[c.Id])).ToList(),
            watch, loan.ConcurrencyStamp);
    }

    public async Task<StaffLoanView> AddContactAsync(Guid loanId, AddContact contact, CancellationToken ct = default)
    {
        user.Require(Permissions.WorkCollections);
        var today = calendar.Today;
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (contact.PromiseDate.HasValue != contact.PromiseAmount.HasValue)
            errors.Add(new(SharedText.PromiseBothOrNeither, [nameof(contact.PromiseDate)]));
        if (contact.PromiseDate < today || contact.PromiseDate > today.AddDays(90))
            errors.Add(new(SharedText.PromiseDateRange, [nameof(contact.PromiseDate)]));
        if (!Enum.IsDefined(contact.Channel)) errors.Add(new(SharedText.InvalidInformation, [nameof(contact.Channel)]));
        DomainValidationException.ThrowIfInvalid([contact], errors);
        var loan = await Loans.FirstOrDefaultAsync(l => l.Id == loanId, ct) ?? throw new NotFoundException(SharedText.LoanNotFound);
        var actor = await db.ActorAsync(user, ct);
        var entry = new LoanContact
        {
            LoanId = loan.Id, At = Now, StaffId = actor.Id, StaffName = actor.Name, Channel = contact.Channel, Note = (contact.Note ?? "").Trim(),
            PromiseDate = contact.PromiseDate, PromiseAmountMinor = contact.PromiseAmount is { } amount ? Money.ToMinor(amount) : null,
        };
        db.Add(entry);
        db.Record(Now, actor, entry.PromiseDate is null ? "LogContact" : "PromiseToPay", "Loan", loan.Id.ToString(), loan.Reference, null,
            new { Channel = entry.Channel.ToString(), entry.PromiseDate, entry.PromiseAmountMinor });
        await db.SaveChangesAsync(ct);
        return await LoanAsync(loanId, ct);
    }

    public async Task<StaffLoanView> WatchAsync(Guid loanId, WatchLoan request, CancellationToken ct = default)
    {
        user.Require(Permissions.WatchLoans);
        if (request.Watch && (request.Reason ?? "").Trim().Length < 10)
            throw new DomainValidationException(nameof(request.Reason), string.Format(SharedText.ValLengthBetween, "", 1000, 10));
        DomainValidationException.ThrowIfInvalid([request]);
        var loan = await StampedAsync(loanId, request.ConcurrencyStamp, ct);
        var actor = await db.ActorAsync(user, ct);
        var before = new { loan.WatchReason };
        loan.WatchReason = request.Watch ? (request.Reason ?? "").Trim() : null;
        loan.WatchedAt = request.Watch ? Now : null;
        loan.ConcurrencyStamp = Guid.NewGuid();
        db.Add(new LoanWatchEvent { LoanId = loan.Id, At = Now, StaffId = actor.Id, StaffName = actor.Name, Action = request.Watch ? "Watch" : "Unwatch", Reason = (request.Reason ?? "").Trim() });
        db.Record(Now, actor, request.Watch ? "WatchLoan" : "UnwatchLoan", "Loan", loan.Id.ToString(), loan.Reference, before, new { loan.WatchReason });
        await db.SaveChangesAsync(ct);
        return await LoanAsync(loanId, ct);
    }

    /// <summary>
    /// Records a disposal action and tells the customer in their application's message thread, in their language.
    /// Calling in changes the ledger through the engine: the remaining balance falls due today.
    /// </summary>
    public async Task<StaffLoanView> DisposeAsync(Guid loanId, RecordDisposal request, CancellationToken ct = default)
    {
        user.Require(request.Action == DisposalAction.CallIn ? Permissions.CallInLoans : Permissions.WatchLoans);
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!Enum.IsDefined(request.Action)) errors.Add(new(SharedText.InvalidInformation, [nameof(request.Action)]));
        if (request.Action == DisposalAction.ReduceAvailableAmount && request.Amount is null)
            errors.Add(new(SharedText.ValRequired, [nameof(request.Amount)]));
        DomainValidationException.ThrowIfInvalid([request], errors);
        var loan = await StampedAsync(loanId, request.ConcurrencyStamp, ct, withInstalments: true);
        if (loan.Status != LoanStatus.Active) throw new ConflictException(SharedText.LoanClosed);
        var actor = await db.ActorAsync(user, ct);
        var today = calendar.Today;
        object? before = null, after = null;
        if (request.Action == DisposalAction.CallIn)
        {
            if (loan.CalledInOn is not null) throw new ConflictException(SharedText.LoanAlreadyCalledIn);
            var (schedule, paidBefore, policy) = LoanBook.PositionOf(loan, await db.FeesOfAsync(loan, ct), servicing.Value);
            var date = LoanBook.EarliestDay(loan, today);
            before = new { Due = Payoff.Quote(schedule, paidBefore, date, date, policy, disclosure.Value.Regime).Total };
            var (called, paid) = Acceleration.CallIn(schedule, paidBefore, date, policy);
            foreach (var row in called.Rows) loan.Instalments.Single(i => i.Number == row.Number).DueDate = row.DueDate;
            LoanBook.Store(loan, paid);
            LoanBook.Review(loan, called, paid, date, policy);
            loan.CalledInOn = date;
            after = new { Due = Payoff.Quote(called, paid, date, date, policy, disclosure.Value.Regime).Total, CalledInOn = date };
        }

        loan.ConcurrencyStamp = Guid.NewGuid();
        var amountMinor = request.Amount is { } amount ? Money.ToMinor(amount) : (long?)null;
        db.Add(new LoanWatchEvent { LoanId = loan.Id, At = Now, StaffId = actor.Id, StaffName = actor.Name, Action = request.Action.ToString(), Reason = (request.Reason ?? "").Trim(), AmountMinor = amountMinor });
        db.Record(Now, actor, request.Action.ToString(), "Loan", loan.Id.ToString(), loan.Reference, before, after ?? new { request.Reason, amountMinor });
        await TellCustomerAsync(loan, request, ct);
        await db.SaveChangesAsync(ct);
        return await LoanAsync(loanId, ct);
    }

    /// <summary>The customer hears of a disposal action in their own language, on their application's thread, with a notification.</summary>
    private async Task TellCustomerAsync(Loan loan, RecordDisposal request, CancellationToken ct)
    {
        var culture = await db.Users.Where(u => u.Id == loan.CustomerId).Select(u => u.PreferredCulture).FirstOrDefaultAsync(ct) ?? "en";
        var what = InCulture.Run(culture, () => request.Action switch
        {
            DisposalAction.CallIn => string.Format(SharedText.DisposalCallIn, loan.Reference),
            DisposalAction.RequireCollateral => string.Format(SharedText.DisposalCollateral, loan.Reference),
            _ => string.Format(SharedText.DisposalReduce, loan.Reference, request.Amount ?? 0m),
        });
        var text = $"{what}\n\n{(request.Reason ?? "").Trim()}";

        db.Add(new Message { CustomerId = loan.CustomerId, ApplicationId = loan.ApplicationId, SenderId = user.Id!, FromStaff = true, Text = text, At = Now });
        notifier.Notify(loan.CustomerId, NotificationKind.LoanWatched, $"/loans/{loan.Id}", Now, email: true, loan.Reference);
    }

    private async Task<Loan> StampedAsync(Guid loanId, Guid stamp, CancellationToken ct, bool withInstalments = false)
    {
        IQueryable<Loan> query = withInstalments ? Loans.Include(l => l.Instalments) : Loans;
        var loan = await query.FirstOrDefaultAsync(l => l.Id == loanId, ct) ?? throw new NotFoundException(SharedText.LoanNotFound);
        if (loan.ConcurrencyStamp != stamp) throw new ConflictException(SharedText.LoanChangedMeanwhile);
        return loan;
    }

    /// <summary>
    /// A promise is kept once the customer's payments after it was made, and by its date, reach its amount; broken
    /// once its date has passed without that; open before.
    /// </summary>
    private async Task<Dictionary<long, PromiseState>> PromiseStatesAsync(IReadOnlyList<LoanContact> contacts, CancellationToken ct)
    {
        var promised = contacts.Where(c => c.PromiseDate is not null).ToList();
        var ids = promised.Select(c => c.LoanId).Distinct().ToList();
        var payments = await db.Payments.AsNoTracking()
            .Where(p => ids.Contains(p.LoanId) && p.Status == PaymentStatus.Succeeded && p.Gateway != PaymentGateway.Credit)
            .Select(p => new { p.LoanId, p.CompletedAt, p.ValueDate, p.ReceivedMinor }).ToListAsync(ct);
        var today = calendar.Today;
        return promised.ToDictionary(c => c.Id, c =>
        {
            var received = payments.Where(p => p.LoanId == c.LoanId && p.CompletedAt >= c.At && p.ValueDate <= c.PromiseDate).Sum(p => p.ReceivedMinor);
            return received >= c.PromiseAmountMinor ? PromiseState.Kept : today > c.PromiseDate ? PromiseState.Broken : PromiseState.Open;
        });
    }

    private static (int Days, Guid Id)? Cursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|');
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), Guid.Parse(parts[1]));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw new DomainValidationException("cursor", SharedText.InvalidInformation);
        }
    }

    private static string Encode(int days, Guid id) => Convert.ToBase64String(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{days}|{id}")));
}
