using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Messages;
using Portal.Server.Features.Payments;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Loans;

/// <summary>
/// The daily run: for one of the lender's days it applies held credit to what fell due, marks overdue
/// instalments, crystallises nothing it cannot take back (penalty and late fees are read from the engine as of
/// the day), updates days past due, classification and arrears, and sends the reminders the settings ask for.
/// It reads only the loans with something due by the day (an index range on <see cref="Loan.NextDueDate"/>),
/// in batches, and every figure it writes is a function of the loan and the day — so running it twice for the
/// same day changes nothing and sends no reminder twice.
/// </summary>
public sealed class DailyRunService(PortalDbContext db, PaymentPosting posting, Notifier notifier, LocalCalendar calendar, TimeProvider clock, IOptions<ServicingOptions> servicing,
    IOptions<Catalog.DisclosureOptions> disclosure, ICurrentUser user) : IServicingService
{
    public const int BatchSize = 1000;

    /// <summary>
    /// Operations' button: today, or a repeat of the last day run, or a day between them the hosted run missed.
    /// Never a day before the last run, which would wind back figures already reported.
    /// </summary>
    public async Task<DailyRunResult> RunAsync(DailyRunRequest request, CancellationToken ct = default)
    {
        user.Require(Permissions.RunServicing);
        var date = request.Date ?? calendar.Today;
        var last = await db.DailyRuns.OrderByDescending(r => r.Date).Select(r => (DateOnly?)r.Date).FirstOrDefaultAsync(ct);
        if (date > calendar.Today || date < last)
            throw new DomainValidationException(nameof(DailyRunRequest.Date), string.Format(SharedText.DailyRunDateRange, last ?? date, calendar.Today));
        return await RunAsync(date, await db.ActorAsync(user, ct), ct);
    }

    public async Task<IReadOnlyList<DailyRunResult>> RecentAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.RunServicing);
        return (await db.DailyRuns.AsNoTracking().OrderByDescending(r => r.Date).Take(14).ToListAsync(ct))
            .Select(r => new DailyRunResult(r.Date, r.LoansReviewed, r.Overdue, r.NewlyOverdue, r.RemindersSent, r.ArrearsMinor, r.StartedAt, r.FinishedAt, r.RunBy))
            .ToList();
    }

    /// <summary>
    /// Reviews the day (again, if it was run before) once no other run of it is under way, on this instance or
    /// another: the day's row is the claim. Throws <see cref="ConflictException"/> while another run holds it.
    /// </summary>
    public async Task<DailyRunResult> RunAsync(DateOnly date, (string Id, string Name) actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await ClaimAsync(db, date, actor.Name, now, repeat: true, ct))
        {
            var holder = await db.DailyRuns.AsNoTracking().FirstAsync(r => r.Date == date, ct);
            throw new ConflictException(string.Format(SharedText.DailyRunUnderWay, date, holder.StartedAt.UtcDateTime, holder.RunBy));
        }
        return await ReviewClaimedAsync(date, actor, now, ct);
    }

    /// <summary>How long a claimed day may run before another instance takes it over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Claims the day for one run: inserts its row, or takes over a finished one (a repeat, only when asked) or one
    /// whose run has not finished within <see cref="ClaimLease"/> (its instance died, or the run failed). Both are
    /// conditional writes, so of two instances asking at once exactly one gets the day. False: another run holds it.
    /// </summary>
    internal static async Task<bool> ClaimAsync(PortalDbContext db, DateOnly date, string by, DateTimeOffset now, bool repeat, CancellationToken ct)
    {
        var existing = await db.DailyRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Date == date, ct);
        if (existing is null)
        {
            db.DailyRuns.Add(new DailyRun { Date = date, StartedAt = now, HeldUntil = now + ClaimLease, RunBy = by });
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException)
            {
                return false;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        if (existing.FinishedAt is null ? existing.HeldUntil > now : !repeat) return false;
        return await db.DailyRuns.Where(r => r.Date == date && r.StartedAt == existing.StartedAt && r.FinishedAt == existing.FinishedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StartedAt, now).SetProperty(r => r.HeldUntil, now + ClaimLease)
                .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null).SetProperty(r => r.RunBy, by), ct) == 1;
    }

    /// <summary>The review itself, by the run that claimed the day at <paramref name="claimedAt"/>.</summary>
    internal async Task<DailyRunResult> ReviewClaimedAsync(DateOnly date, (string Id, string Name) actor, DateTimeOffset claimedAt, CancellationToken ct)
    {
        try
        {
            return await ReviewAsync(date, actor, claimedAt, ct);
        }
        catch
        {
            // A failed run gives the day back at once (it stays unfinished, for operations to see and run again).
            await db.DailyRuns.Where(r => r.Date == date && r.StartedAt == claimedAt && r.FinishedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeldUntil, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }
    }

    private async Task<DailyRunResult> ReviewAsync(DateOnly date, (string Id, string Name) actor, DateTimeOffset started, CancellationToken ct)
    {
        var options = servicing.Value;
        var reviewed = 0;
        var newlyOverdue = 0;
        var reminders = 0;
        var fees = new Dictionary<(int, string?), IReadOnlyList<Fee>>();
        // The loans with something due by the day, as they stand when the run starts: one indexed range read,
        // then reviewed in batches (each its own transaction, so a payment is never held up for long).
        var candidates = await db.Loans.AsNoTracking()
            .Where(l => l.Status == LoanStatus.Active && l.NextDueDate != null && l.NextDueDate <= date)
            .Select(l => l.Id).ToListAsync(ct);
        foreach (var ids in candidates.Chunk(BatchSize))
        {
            var (n, o, r) = await ReviewBatchAsync([.. ids], date, fees, ct);
            (reviewed, newlyOverdue, reminders) = (reviewed + n, newlyOverdue + o, reminders + r);
        }

        reminders += await RemindDueSoonAsync(date.AddDays(options.RemindDaysBefore), date, ct);

        var overdue = await db.Loans.CountAsync(l => l.Status == LoanStatus.Active && l.DaysPastDue > 0, ct);
        var arrears = await db.Loans.Where(l => l.Status == LoanStatus.Active && l.DaysPastDue > 0).SumAsync(l => (long?)l.ArrearsMinor, ct) ?? 0;
        // The day's row is this run's claim: it is finished with the run's figures and its audit entry together.
        var finished = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        var run = await db.DailyRuns.FirstAsync(x => x.Date == date, ct);
        run.Runs++;
        run.FinishedAt = finished;
        run.HeldUntil = null;
        run.LoansReviewed = reviewed;
        run.Overdue = overdue;
        run.NewlyOverdue += newlyOverdue;
        run.RemindersSent += reminders;
        run.ArrearsMinor = arrears;
        run.RunBy = actor.Name;
        db.Record(finished, actor, "DailyRun", "DailyRun", date.ToString("O"), null, null, new { reviewed, overdue, newlyOverdue, reminders, arrears });
        await db.SaveChangesAsync(ct);

        // This run's own figures: a repeat reports the reminders it sent (none), not the day's.
        return new DailyRunResult(date, reviewed, overdue, newlyOverdue, reminders, arrears, started, finished, actor.Name);
    }

    private async Task<(int Reviewed, int NewlyOverdue, int Reminders)> ReviewBatchAsync(List<Guid> ids, DateOnly date, Dictionary<(int, string?), IReadOnlyList<Fee>> fees, CancellationToken ct)
    {
        var options = servicing.Value;
        // A payment posted meanwhile changes a loan's stamp: start the batch over on fresh data.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            // Read without tracking (most loans reviewed do not change on a repeat); only those that moved are attached.
            var loans = await db.Loans.AsNoTracking().Include(l => l.Instalments).Where(l => ids.Contains(l.Id)).ToListAsync(ct);
            int newlyOverdue = 0, reminders = 0;
            var now = clock.GetUtcNow();
            foreach (var loan in loans)
            {
                if (!fees.TryGetValue((loan.ProductVersionId, loan.WaivedFeeCode), out var loanFees))
                    fees[(loan.ProductVersionId, loan.WaivedFeeCode)] = loanFees = await db.FeesOfAsync(loan, ct);
                var before = Figures.Of(loan);
                var stamp = loan.ConcurrencyStamp;
                var credited = loan.CreditMinor > 0 && ApplyCredit(loan, date, loanFees);

                var (schedule, paid, policy) = LoanBook.PositionOf(loan, loanFees, options);
                LoanBook.Review(loan, schedule, paid, date, policy);
                if (before.DaysPastDue == 0 && loan.DaysPastDue > 0) newlyOverdue++;
                var kind = loan.Status != LoanStatus.Active ? (NotificationKind?)null
                    // Counted from the end of the grace days: with three days' grace, "1" is the first day it is overdue.
                    : loan.DaysPastDue > 0 ? (options.OverdueReminderDays.Contains(loan.DaysPastDue - loan.GraceDays) ? NotificationKind.PaymentOverdue : null)
                    : loan.NextDueDate == date ? NotificationKind.PaymentDueToday : null;
                if (kind is { } k && loan.RemindedOn != date)
                {
                    notifier.Notify(loan.CustomerId, k, $"/loans/{loan.Id}", now, email: true, loan.Reference);
                    loan.RemindedOn = date;
                    reminders++;
                }

                // Only a loan whose figures moved is written, only the columns that moved (so untouched indexes stay
                // untouched), with a new stamp checked against the one read.
                if (!credited && Figures.Of(loan) == before) continue;
                loan.ConcurrencyStamp = Guid.NewGuid();
                var entry = db.Entry(loan);
                entry.State = EntityState.Unchanged;
                entry.Property(l => l.ConcurrencyStamp).OriginalValue = stamp;
                entry.Property(l => l.ConcurrencyStamp).IsModified = true;
                before.MarkChanged(entry);
                if (credited)
                    foreach (var instalment in loan.Instalments) db.Entry(instalment).State = EntityState.Modified;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return (loans.Count, newlyOverdue, reminders);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>What the review writes on a loan: if none of it moved, the loan is left alone.</summary>
    private readonly record struct Figures(LoanStatus Status, DateOnly? ClosedOn, int DaysPastDue, LoanClassification Classification, long Arrears,
        long Penalty, long Outstanding, DateOnly? NextDueDate, DateOnly? ReviewedOn, DateOnly? RemindedOn, long Credit)
    {
        public static Figures Of(Loan l) => new(l.Status, l.ClosedOn, l.DaysPastDue, l.Classification, l.ArrearsMinor, l.PenaltyMinor,
            l.PrincipalOutstandingMinor, l.NextDueDate, l.ReviewedOn, l.RemindedOn, l.CreditMinor);

        public void MarkChanged(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Loan> e)
        {
            var now = Of(e.Entity);
            e.Property(l => l.Status).IsModified = now.Status != Status;
            e.Property(l => l.ClosedOn).IsModified = now.ClosedOn != ClosedOn;
            e.Property(l => l.DaysPastDue).IsModified = now.DaysPastDue != DaysPastDue;
            e.Property(l => l.Classification).IsModified = now.Classification != Classification;
            e.Property(l => l.ArrearsMinor).IsModified = now.Arrears != Arrears;
            e.Property(l => l.PenaltyMinor).IsModified = now.Penalty != Penalty;
            e.Property(l => l.PrincipalOutstandingMinor).IsModified = now.Outstanding != Outstanding;
            e.Property(l => l.NextDueDate).IsModified = now.NextDueDate != NextDueDate;
            e.Property(l => l.ReviewedOn).IsModified = now.ReviewedOn != ReviewedOn;
            e.Property(l => l.RemindedOn).IsModified = now.RemindedOn != RemindedOn;
            e.Property(l => l.CreditMinor).IsModified = now.Credit != Credit;
        }
    }

    /// <summary>Credit held on the loan pays what has fallen due, as a payment of its own so the history shows it.</summary>
    private bool ApplyCredit(Loan loan, DateOnly date, IReadOnlyList<Fee> fees)
    {
        var credit = loan.CreditMinor;
        // As an instalment payment up to the last instalment due: it pays what has fallen due and the rest stays
        // credit for the next one, as the customer meant it — it does not prepay the end of the loan.
        var lastDue = loan.Instalments.Where(i => i.DueDate <= date).Select(i => (int?)i.Number).Max();
        if (lastDue is null) return false;
        var payment = new Payment
        {
            Id = Guid.NewGuid(), Reference = References.Payment(), LoanId = loan.Id, CustomerId = loan.CustomerId, Kind = PaymentKind.Instalment, InstalmentNumber = lastDue,
            AmountMinor = credit, Currency = disclosure.Value.Currency, Gateway = PaymentGateway.Credit, Status = PaymentStatus.Succeeded,
            CreatedAt = clock.GetUtcNow(), CompletedAt = clock.GetUtcNow(),
        };
        loan.CreditMinor = 0;
        posting.Apply(loan, payment, credit, date, fees);
        db.Payments.Add(payment);
        return true;
    }

    /// <summary>The "due in a few days" reminder: loans whose next due date is that day and were not reminded today.</summary>
    private async Task<int> RemindDueSoonAsync(DateOnly dueDate, DateOnly today, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var loans = await db.Loans.Where(l => l.Status == LoanStatus.Active && l.NextDueDate == dueDate && l.DaysPastDue == 0 && l.RemindedOn != today)
            .Select(l => new { l.Id, l.CustomerId, l.Reference }).ToListAsync(ct);
        var sent = 0;
        foreach (var chunk in loans.Chunk(BatchSize))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var l in chunk)
            {
                // Marked and reminded together, and only by the run whose update changed the row: two runs at once
                // (the hosted one and an operator's) never remind the same person twice.
                if (await db.Loans.Where(x => x.Id == l.Id && x.RemindedOn != today).ExecuteUpdateAsync(s => s.SetProperty(x => x.RemindedOn, today), ct) != 1) continue;
                notifier.Notify(l.CustomerId, NotificationKind.PaymentDueSoon, $"/loans/{l.Id}", now, email: true, l.Reference);
                sent++;
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        return sent;
    }
}
