using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Payments;

/// <summary>
/// The one place money reaches a loan, whichever gateway confirmed it. A payment is posted at most once: the
/// first confirmation claims it with a conditional update, and any repeat finds it already succeeded.
/// </summary>
public sealed class PaymentPosting(
    PortalDbContext db, Notifier notifier, LocalCalendar calendar, TimeProvider clock, IOptions<ServicingOptions> servicing, IOptions<Catalog.DisclosureOptions> disclosure)
{
    /// <summary>
    /// Posts a confirmed payment of <paramref name="receivedMinor"/> (what the gateway says it took), allocated by
    /// the engine as of the lender's day of <paramref name="paidAt"/>. Returns false when it was posted before.
    /// </summary>
    public async Task<bool> PostAsync(Guid paymentId, long receivedMinor, string? gatewayPaymentId, DateTimeOffset paidAt, CancellationToken ct)
    {
        // A payment and the daily run (or another payment) may touch the same loan at once: the loan's stamp
        // makes one of them start over on fresh data rather than overwrite the other.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // A test checkout closed (cancelled, replaced by a newer one) can no longer be paid. Stripe's word that it
            // took money is posted whatever became of the attempt, so money taken is never lost; Stripe takes none on
            // a session the portal expired, which is how an attempt gets closed.
            var claimed = await db.Payments.Where(p => p.Id == paymentId && p.Status != PaymentStatus.Succeeded
                    && (p.Status == PaymentStatus.Pending || p.Gateway == PaymentGateway.Stripe))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Status, PaymentStatus.Succeeded)
                    .SetProperty(p => p.CompletedAt, paidAt)
                    .SetProperty(p => p.GatewayPaymentId, gatewayPaymentId)
                    .SetProperty(p => p.FailureReason, (string?)null), ct);
            if (claimed == 0) return false;

            var payment = await db.Payments.FirstAsync(p => p.Id == paymentId, ct);
            var loan = await db.Loans.Include(l => l.Instalments).FirstAsync(l => l.Id == payment.LoanId, ct);
            Apply(loan, payment, receivedMinor, calendar.DateOn(paidAt), await db.FeesOfAsync(loan, ct),
                quotedOn: payment.Kind == PaymentKind.Payoff ? calendar.DateOn(payment.CreatedAt) : null);
            db.Record(clock.GetUtcNow(), LoanBook.System, "PostPayment", "Payment", payment.Id.ToString(), payment.Reference, null,
                new { payment.Kind, payment.ReceivedMinor, payment.ValueDate, Loan = loan.Reference, payment.CreditMinor, payment.ClosedLoan, Gateway = payment.Gateway.ToString(), gatewayPaymentId });
            notifier.Notify(loan.CustomerId, NotificationKind.PaymentReceived, $"/loans/{loan.Id}/payments/{payment.Id}", clock.GetUtcNow(), email: true, payment.Reference);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                await tx.RollbackAsync(ct);
            }
        }
    }

    /// <summary>
    /// Allocates money to the loan: a payoff (or any payment that covers the payoff amount) settles it; an
    /// instalment payment goes to that instalment and anything older, the rest held as credit; any other amount
    /// follows the engine's order, the rest prepaying the latest principal. A closed loan keeps it as credit.
    /// </summary>
    /// <param name="quotedOn">
    /// For a payoff: the day its amount was quoted. The quote is honoured: a payoff confirmed after midnight (or an
    /// asynchronous card payment confirmed later) settles the loan as of that day rather than falling a day's
    /// interest short and leaving the loan open.
    /// </param>
    internal void Apply(Loan loan, Payment payment, long receivedMinor, DateOnly day, IReadOnlyList<Fee> fees, DateOnly? quotedOn = null)
    {
        var options = servicing.Value;
        var (schedule, paid, policy) = LoanBook.PositionOf(loan, fees, options);
        var regime = disclosure.Value.Regime;
        var date = LoanBook.EarliestDay(loan, day);
        var amount = Money.FromMinor(receivedMinor);
        payment.ValueDate = date;
        payment.ReceivedMinor = receivedMinor;
        payment.Lines.Clear();

        if (loan.Status == LoanStatus.Closed)
        {
            payment.CreditMinor = receivedMinor;
            loan.CreditMinor += receivedMinor;
            return;
        }

        AllocationResult result;
        var quotedDay = quotedOn is { } quoted ? LoanBook.EarliestDay(loan, quoted) : date;
        var settleOn = quotedDay < date && amount >= Payoff.Quote(schedule, paid, quotedDay, quotedDay, policy, regime).Total ? quotedDay : date;
        if (amount >= Payoff.Quote(schedule, paid, settleOn, settleOn, policy, regime).Total)
        {
            payment.ValueDate = settleOn;
            var settled = Payoff.Settle(schedule, paid, new DatedAmount(settleOn, amount), policy, regime);
            result = settled.Allocation;
            payment.AccruedInterestMinor = Money.ToMinor(settled.AccruedInterest);
            payment.EarlyRepaymentFeeMinor = Money.ToMinor(settled.EarlyRepaymentFee);
        }
        else
        {
            var allocation = payment.Kind == PaymentKind.Instalment && payment.InstalmentNumber is { } n
                ? new AllocationOptions(OverpaymentOption.HoldAsCredit, Policy: policy, SettleThrough: n)
                : new AllocationOptions(OverpaymentOption.ReduceLatestPrincipal, Policy: policy);
            result = PaymentAllocation.Allocate(schedule, paid, new DatedAmount(date, amount), allocation);
        }

        payment.Lines.AddRange(result.Lines.Select(l => new PaymentLine { InstalmentNumber = l.InstalmentNumber, Component = l.Component, AmountMinor = Money.ToMinor(l.Amount) }));
        payment.PrincipalPrepaidMinor = Money.ToMinor(result.PrincipalPrepaid);
        payment.CreditMinor = Money.ToMinor(result.Credit);
        loan.CreditMinor += payment.CreditMinor;
        LoanBook.Store(loan, result.PaidAfter);
        LoanBook.Review(loan, schedule, result.PaidAfter, payment.ValueDate!.Value, policy);
        payment.ClosedLoan = loan.Status == LoanStatus.Closed;
        loan.ConcurrencyStamp = Guid.NewGuid();
    }
}
