using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Catalog;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Payments;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Loans;

/// <summary>The borrower's loans. Every query filters by the caller: another customer's loan is simply not found.</summary>
public sealed class LoansService(PortalDbContext db, ICurrentUser user, LocalCalendar calendar, IOptions<ServicingOptions> servicing, IOptions<DisclosureOptions> disclosure) : ILoansService
{
    private string Me => user.Has(Permissions.ApplyForLoans) ? user.Id! : throw new ForbiddenException(SharedText.NotPermitted);

    public async Task<IReadOnlyList<LoanListItem>> MyLoansAsync(CancellationToken ct = default)
    {
        var me = Me;
        var loans = await db.Loans.AsNoTracking().Include(l => l.Instalments).Where(l => l.CustomerId == me)
            .OrderBy(l => l.Status).ThenByDescending(l => l.DisbursedAt).ToListAsync(ct);
        var list = new List<LoanListItem>();
        foreach (var loan in loans)
        {
            var view = await ViewAsync(loan, withPayments: false, ct);
            list.Add(new LoanListItem(loan.Id, loan.Reference, view.ProductName, view.Principal, view.Balance, view.Next?.DueDate,
                view.Next?.Owed ?? 0m, view.DaysPastDue, view.State, view.Currency));
        }

        return list;
    }

    public async Task<LoanDetails> LoanAsync(Guid id, CancellationToken ct = default) =>
        await ViewAsync(await MineAsync(id, ct), withPayments: true, ct);

    /// <summary>The amount that settles the loan if paid on <paramref name="date"/> (today when empty), valid until that day.</summary>
    public async Task<PayoffQuote> PayoffAsync(Guid id, DateOnly? date, CancellationToken ct = default)
    {
        var loan = await MineAsync(id, ct);
        var today = calendar.Today;
        var on = date ?? today;
        if (on < today || on > today.AddDays(servicing.Value.PayoffQuoteMaxDays))
            throw new DomainValidationException("date", string.Format(SharedText.LoanPayoffDateRange, servicing.Value.PayoffQuoteMaxDays));
        if (loan.Status == LoanStatus.Closed) throw new ConflictException(SharedText.LoanClosed);
        var (schedule, paid, policy) = await PositionOfAsync(loan, ct);
        on = LoanBook.EarliestDay(loan, on);
        return Payoff.Quote(schedule, paid, on, on, policy, disclosure.Value.Regime);
    }

    /// <summary>The statement: the loan, its schedule with what was paid, and every payment, in the reader's language.</summary>
    public async Task<(string Reference, IReadOnlyList<string[]> Rows)> StatementAsync(Guid id, CancellationToken ct = default)
    {
        var v = await LoanAsync(id, ct);
        var c = CultureInfo.CurrentCulture;
        string M(decimal amount) => amount.ToString("N2", c);
        var rows = new List<string[]>
        {
            new[] { SharedText.StatementTitle, v.Reference, v.ProductName },
            new[] { SharedText.StatementAsOf, Display.Date(v.Today, c) },
            new[] { SharedText.StatementPrincipal, M(v.Principal), v.Currency },
            new[] { SharedText.StatementBalance, M(v.Balance), v.Currency },
            new[] { SharedText.StatementArrears, M(v.Arrears), v.Currency },
            new[] { SharedText.StatementCredit, M(v.Credit), v.Currency },
            Array.Empty<string>(),
            new[] { SharedText.StatementNumber, SharedText.StatementDueDate, SharedText.StatementPrincipalCol, SharedText.StatementInterest, SharedText.StatementFee,
                SharedText.StatementPenalty, SharedText.StatementLateFee, SharedText.StatementPaid, SharedText.StatementOwed, SharedText.StatementState },
        };
        rows.AddRange(v.Schedule.Select(s => new[]
        {
            s.Number.ToString(c), Display.Date(s.DueDate, c), M(s.Principal), M(s.Interest), M(s.Fee), M(s.PenaltyInterest), M(s.LateFee),
            M(s.Paid), M(s.Owed), StateText(s.State),
        }));
        rows.Add([]);
        rows.Add([SharedText.StatementReceipt, SharedText.StatementValueDate, SharedText.StatementAmount, SharedText.StatementPrincipalCol,
            SharedText.StatementInterest, SharedText.StatementFee, SharedText.StatementPenalty, SharedText.StatementCredit]);
        rows.AddRange(v.Payments.Where(p => p.Status == PaymentStatus.Succeeded).OrderBy(p => p.CompletedAt).Select(p => new[]
        {
            p.Reference, (p.ValueDate is { } day ? Display.Date(day, c) : ""), M(p.Amount), M(p.Principal), M(p.Interest), M(p.Fees), M(p.Penalty), M(p.Credit),
        }));
        return (v.Reference, rows);
    }

    public static string StateText(InstalmentState state) => state switch
    {
        InstalmentState.Paid => SharedText.InstalmentPaid,
        InstalmentState.PartPaid => SharedText.InstalmentPartPaid,
        InstalmentState.Due => SharedText.InstalmentDue,
        InstalmentState.Overdue => SharedText.InstalmentOverdue,
        InstalmentState.Waived => SharedText.InstalmentWaived,
        _ => SharedText.InstalmentUpcoming,
    };

    /// <summary>RFC 4180 CSV (formula text neutralised), with a byte-order mark so spreadsheet programs read Chinese correctly.</summary>
    public static byte[] Csv(IReadOnlyList<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows) text.Append(Shared.Formatting.Csv.Line(row)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Pdf(IReadOnlyList<string[]> rows) =>
        ContractPdf.Render(string.Join(" ", rows[0]), rows.Skip(1).Select(r => string.Join("  ", r)));

    internal async Task<Loan> MineAsync(Guid id, CancellationToken ct)
    {
        var me = Me;
        return await db.Loans.AsNoTracking().Include(l => l.Instalments).FirstOrDefaultAsync(l => l.Id == id && l.CustomerId == me, ct)
            ?? throw new NotFoundException(SharedText.LoanNotFound);
    }

    internal async Task<LoanPosition> PositionOfAsync(Loan loan, CancellationToken ct) =>
        LoanBook.PositionOf(loan, LoanBook.FeesOf(loan, (await VersionAsync(loan.ProductVersionId, ct)).Fees), servicing.Value);

    /// <summary>A product version's name (in the reader's language) and fees, read once per request however many loans share it (the list shows them all).</summary>
    private async Task<(string Name, List<ProductFee> Fees)> VersionAsync(int id, CancellationToken ct)
    {
        if (versions.TryGetValue(id, out var known)) return known;
        var v = await db.ProductVersions.AsNoTracking().Where(v => v.Id == id).Select(v => new { v.Name, v.NameZh, v.Fees }).FirstAsync(ct);
        return versions[id] = (Bilingual.Pick(v.Name, v.NameZh), v.Fees);
    }

    private readonly Dictionary<int, (string Name, List<ProductFee> Fees)> versions = [];

    /// <summary>The loan as of today, from the engine: what each instalment owes now, not the daily run's snapshot.</summary>
    internal async Task<LoanDetails> ViewAsync(Loan loan, bool withPayments, CancellationToken ct)
    {
        var (schedule, paid, policy) = await PositionOfAsync(loan, ct);
        var today = calendar.Today;
        var date = LoanBook.EarliestDay(loan, today);
        var positions = Overdue.Positions(schedule, paid, date, policy);
        var lines = positions.Select(d =>
        {
            var p = paid[d.Number - 1];
            var row = schedule.Rows[d.Number - 1];
            var paidAmount = p.Principal + p.Interest + p.Fee + p.LateFee + p.PenaltyInterest;
            var state = d.Total == 0 ? (p.InterestWaived + p.FeeWaived > 0 ? InstalmentState.Waived : InstalmentState.Paid)
                : d.IsOverdue ? InstalmentState.Overdue
                : d.IsDue ? InstalmentState.Due
                : paidAmount > 0 ? InstalmentState.PartPaid
                : InstalmentState.Upcoming;
            return new ScheduleLine(d.Number, d.DueDate, row.Principal, row.Interest, row.Fee, paidAmount, d.PenaltyInterest, d.LateFee, d.Total, d.DaysPastDue, state);
        }).ToList();
        var standing = Overdue.Standing(positions);
        var name = (await VersionAsync(loan.ProductVersionId, ct)).Name;
        var payments = withPayments ? await PaymentsOfAsync(loan.Id, ct) : [];
        return new LoanDetails
        {
            Id = loan.Id,
            Reference = loan.Reference,
            ApplicationId = loan.ApplicationId,
            ProductName = name,
            Currency = disclosure.Value.Currency,
            State = loan.Status == LoanStatus.Closed ? LoanState.Closed : LoanState.Active,
            Principal = Money.FromMinor(loan.PrincipalMinor),
            PaidOut = Money.FromMinor(loan.PaidOutMinor),
            RatePercent = loan.RatePercent,
            Months = loan.Months,
            Method = loan.Method,
            DisbursementDate = loan.DisbursementDate,
            ClosedOn = loan.ClosedOn,
            Today = date,
            Balance = standing.Balance,
            Arrears = standing.Arrears,
            PenaltyInterest = standing.PenaltyInterest,
            LateFees = standing.LateFees,
            Credit = Money.FromMinor(loan.CreditMinor),
            DaysPastDue = standing.DaysPastDue,
            Classification = policy.EffectiveThresholds.Classify(standing.DaysPastDue),
            GraceDays = loan.GraceDays,
            PenaltyMarkupPercent = loan.PenaltyMarkupPercent,
            Next = lines.FirstOrDefault(l => l.Owed > 0),
            Schedule = lines,
            Payments = payments,
        };
    }

    internal async Task<IReadOnlyList<PaymentRecord>> PaymentsOfAsync(Guid loanId, CancellationToken ct)
    {
        var payments = await db.Payments.AsNoTracking().Include(p => p.Lines).Where(p => p.LoanId == loanId)
            .OrderByDescending(p => p.CreatedAt).ToListAsync(ct);
        return payments.Select(p =>
        {
            decimal Sum(params AllocationComponent[] parts) => Money.FromMinor(p.Lines.Where(l => parts.Contains(l.Component)).Sum(l => l.AmountMinor));
            return new PaymentRecord(p.Id, p.Reference, p.Kind, p.Status, Money.FromMinor(p.Status == PaymentStatus.Succeeded ? p.ReceivedMinor : p.AmountMinor),
                p.CreatedAt, p.CompletedAt, p.ValueDate,
                Principal: Sum(AllocationComponent.Principal),
                Interest: Sum(AllocationComponent.Interest) + Money.FromMinor(p.AccruedInterestMinor),
                Fees: Sum(AllocationComponent.Fee, AllocationComponent.LateFee) + Money.FromMinor(p.EarlyRepaymentFeeMinor),
                Penalty: Sum(AllocationComponent.PenaltyInterest),
                Credit: Money.FromMinor(p.CreditMinor), p.FailureReason, p.Gateway);
        }).ToList();
    }
}
