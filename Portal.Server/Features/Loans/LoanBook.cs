using Microsoft.EntityFrameworkCore;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Loans;

/// <summary>A loan as the lending engine reads it.</summary>
public sealed record LoanPosition(Schedule Schedule, List<InstalmentPaid> Paid, OverduePolicy Policy);

/// <summary>
/// The bridge between a stored loan and the engine: the contract's schedule as stored at payout, what has been
/// paid, writing a posting back, and the position on a date. Every amount comes from the engine.
/// </summary>
public static class LoanBook
{
    /// <summary>How the audit log names what the portal did by itself (a gateway's confirmation, the daily run).</summary>
    public static readonly (string Id, string Name) System = ("system", "Portal");

    /// <summary>
    /// The fees of the product version a loan was written under (late and early-repayment fees come from them),
    /// less the one its promotion waived.
    /// </summary>
    public static async Task<IReadOnlyList<Fee>> FeesOfAsync(this Data.PortalDbContext db, Loan loan, CancellationToken ct) =>
        FeesOf(loan, await db.ProductVersions.AsNoTracking().Where(v => v.Id == loan.ProductVersionId).Select(v => v.Fees).FirstAsync(ct));

    public static IReadOnlyList<Fee> FeesOf(Loan loan, IEnumerable<Catalog.ProductFee> versionFees) =>
        [.. versionFees.Where(f => f.Code != loan.WaivedFeeCode).Select(f => f.ToFee())];

    /// <summary>Where a loan stands, for the engine: its contract's schedule, what has been paid on each instalment, and its overdue policy.</summary>
    public static LoanPosition PositionOf(Loan loan, IReadOnlyList<Fee> fees, ServicingOptions options) =>
        new(ScheduleOf(loan, fees), PaidOf(loan), PolicyOf(loan, options));

    /// <summary>The schedule of the contract: the stored rows, not a rebuild, so a later engine change cannot alter a signed loan.</summary>
    private static Schedule ScheduleOf(Loan loan, IReadOnlyList<Fee> fees)
    {
        var terms = new LoanTerms(Money.FromMinor(loan.PrincipalMinor), loan.RatePercent, loan.Months, loan.Method, loan.DisbursementDate, fees);
        var balance = terms.Principal;
        var rows = loan.Instalments.OrderBy(i => i.Number).Select(i =>
        {
            var principal = Money.FromMinor(i.PrincipalMinor);
            balance -= principal;
            return new Instalment(i.Number, i.DueDate, principal, Money.FromMinor(i.InterestMinor), Money.FromMinor(i.FeeMinor), balance);
        }).ToList();
        return new Schedule(terms, rows);
    }

    private static OverduePolicy PolicyOf(Loan loan, ServicingOptions options) =>
        new(loan.GraceDays, loan.PenaltyMarkupPercent / 100m, options.Thresholds);

    private static List<InstalmentPaid> PaidOf(Loan loan) => loan.Instalments.OrderBy(i => i.Number).Select(i => new InstalmentPaid(
        i.Number,
        Money.FromMinor(i.PaidPrincipalMinor),
        Money.FromMinor(i.PaidInterestMinor),
        Money.FromMinor(i.PaidFeeMinor),
        Money.FromMinor(i.PaidLateFeeMinor),
        Money.FromMinor(i.PaidPenaltyMinor),
        Money.FromMinor(i.PenaltyAccruedMinor),
        i.PenaltyAccruedThrough,
        Money.FromMinor(i.InterestWaivedMinor),
        Money.FromMinor(i.FeeWaivedMinor))).ToList();

    /// <summary>Writes the engine's paid state back onto the instalments.</summary>
    public static void Store(Loan loan, IReadOnlyList<InstalmentPaid> paidAfter)
    {
        var byNumber = paidAfter.ToDictionary(p => p.Number);
        foreach (var i in loan.Instalments)
        {
            var p = byNumber.GetValueOrDefault(i.Number) ?? new InstalmentPaid(i.Number);
            i.PaidPrincipalMinor = Money.ToMinor(p.Principal);
            i.PaidInterestMinor = Money.ToMinor(p.Interest);
            i.PaidFeeMinor = Money.ToMinor(p.Fee);
            i.PaidLateFeeMinor = Money.ToMinor(p.LateFee);
            i.PaidPenaltyMinor = Money.ToMinor(p.PenaltyInterest);
            i.PenaltyAccruedMinor = Money.ToMinor(p.PenaltyAccrued);
            i.PenaltyAccruedThrough = p.PenaltyAccruedThrough;
            i.InterestWaivedMinor = Money.ToMinor(p.InterestWaived);
            i.FeeWaivedMinor = Money.ToMinor(p.FeeWaived);
        }
    }

    /// <summary>
    /// The earliest day the loan's position can be taken: penalty already crystallised by a payment cannot be
    /// taken back, so a day before the last posting reads as that posting's day.
    /// </summary>
    public static DateOnly EarliestDay(Loan loan, DateOnly date)
    {
        var posted = loan.Instalments.Max(i => i.PenaltyAccruedThrough) ?? loan.DisbursementDate;
        return new[] { date, posted, loan.DisbursementDate }.Max();
    }

    /// <summary>
    /// Updates the stored position (days past due, classification, arrears, next due date, outstanding principal)
    /// as of <paramref name="date"/>, and closes the loan once nothing is owed. The same state and day always
    /// give the same result, so the daily run can repeat.
    /// </summary>
    public static void Review(Loan loan, Schedule schedule, IReadOnlyList<InstalmentPaid> paid, DateOnly date, OverduePolicy policy)
    {
        date = EarliestDay(loan, date);
        // One pass of the engine: the daily run calls this for every loan with something due.
        var positions = Overdue.Positions(schedule, paid, date, policy);
        var standing = Overdue.Standing(positions);
        loan.ReviewedOn = date;
        loan.DaysPastDue = standing.DaysPastDue;
        loan.Classification = policy.EffectiveThresholds.Classify(loan.DaysPastDue);
        loan.ArrearsMinor = Money.ToMinor(standing.Arrears);
        loan.PenaltyMinor = Money.ToMinor(standing.PenaltyInterest);
        loan.PrincipalOutstandingMinor = Money.ToMinor(standing.PrincipalOutstanding);
        var owing = positions.FirstOrDefault(d => d.Total > 0);
        loan.NextDueDate = owing?.DueDate;
        // Nothing owed on any instalment means no principal left either, so nothing accrues: the loan is settled.
        if (owing is null && loan.Status == LoanStatus.Active)
        {
            loan.Status = LoanStatus.Closed;
            loan.ClosedOn = date;
        }
    }
}
