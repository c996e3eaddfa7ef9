using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Stripe;

namespace Portal.Server.Features.Payments;

/// <summary>
/// Starting a card payment and following it. The amount is fixed here, from the engine, before the customer
/// leaves for the checkout; the money reaches the loan only through <see cref="PaymentPosting"/> when the gateway
/// confirms it.
/// </summary>
public sealed class PaymentsService(
    PortalDbContext db, ICurrentUser user, LoansService loans, PaymentPosting posting, StripeGateway stripe, Notifier notifier,
    TimeProvider clock, IOptions<PaymentOptions> options, IOptions<DisclosureOptions> disclosure, IOptions<PortalOptions> portal,
    IHttpContextAccessor http, ILogger<PaymentsService> log) : IPaymentsService
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Where Stripe sends the customer back: the configured public address, else this request's (development).</summary>
    private string BaseUrl => !string.IsNullOrWhiteSpace(portal.Value.PublicBaseUrl) ? portal.Value.PublicBaseUrl
        : http.HttpContext is { } c ? $"{c.Request.Scheme}://{c.Request.Host}" : throw new InvalidOperationException("Portal:PublicBaseUrl is not set.");

    public async Task<PaymentStarted> StartAsync(Guid loanId, StartPayment request, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([request]);
        var gateway = options.Value.UsesStripe ? PaymentGateway.Stripe
            : options.Value.UsesTestGateway ? PaymentGateway.Test
            : throw new ConflictException(SharedText.PaymentsNotConfigured);
        var loan = await loans.MineAsync(loanId, ct);
        if (loan.Status == LoanStatus.Closed) throw new ConflictException(SharedText.LoanClosed);
        var view = await loans.ViewAsync(loan, withPayments: false, ct);
        var payoff = await loans.PayoffAsync(loanId, null, ct);
        var amount = request.Kind switch
        {
            PaymentKind.Instalment => InstalmentAmount(view, request.InstalmentNumber),
            PaymentKind.Payoff => payoff.Total,
            PaymentKind.Amount when request.Amount is not { } a => throw new DomainValidationException(nameof(request.Amount), SharedText.PaymentAmountRequired),
            PaymentKind.Amount when Money.Round(request.Amount.Value) != request.Amount.Value => throw new DomainValidationException(nameof(request.Amount), SharedText.PaymentAmountCents),
            // More than the payoff would leave money on a loan that no longer exists: that is the payoff.
            PaymentKind.Amount when request.Amount > payoff.Total => throw new DomainValidationException(nameof(request.Amount), string.Format(SharedText.PaymentAmountAbovePayoff, payoff.Total)),
            PaymentKind.Amount => request.Amount!.Value,
            _ => throw new DomainValidationException(nameof(request.Kind), SharedText.InvalidInformation),
        };

        // One checkout open per loan, whatever it pays: an instalment payment also pays everything older, so two
        // open ones (two tabs, a double click) could take the same money twice. The database holds the line
        // (IX_Payments_OneOpenPerLoan); closing the earlier one first makes starting again replace it.
        if (await CloseOpenAsync(loan.Id, only: null, ct) is { } refusal) throw new ConflictException(refusal);
        var payment = new Payment
        {
            Id = Guid.NewGuid(), Reference = References.Payment(), LoanId = loan.Id, CustomerId = loan.CustomerId,
            Kind = request.Kind, InstalmentNumber = request.Kind == PaymentKind.Instalment ? request.InstalmentNumber : null,
            AmountMinor = Money.ToMinor(amount), Currency = disclosure.Value.Currency, Gateway = gateway, Status = PaymentStatus.Pending, CreatedAt = Now,
        };
        payment.CheckoutUrl = $"/pay/test/{payment.Id}";
        db.Payments.Add(payment);
        db.Record(Now, await db.ActorAsync(user, ct), "StartPayment", "Payment", payment.Id.ToString(), payment.Reference, null,
            new { Kind = payment.Kind.ToString(), payment.InstalmentNumber, payment.AmountMinor, Gateway = gateway.ToString(), Loan = loan.Reference });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsSecondOpenCheckout(e))
        {
            // Another start for this loan opened its checkout between our closing and inserting: that one stands.
            db.ChangeTracker.Clear();
            throw new ConflictException(SharedText.PaymentStartedElsewhere);
        }

        if (gateway == PaymentGateway.Stripe)
        {
            var back = $"{BaseUrl.TrimEnd('/')}/loans/{loan.Id}/payments/{payment.Id}";
            Stripe.Checkout.Session session;
            try
            {
                session = await stripe.CreateCheckoutAsync(payment, string.Format(SharedText.PaymentDescription, loan.Reference), back, back + "?cancelled=1", ct);
            }
            catch (StripeException e)
            {
                log.LogWarning(e, "Stripe refused a Checkout Session for payment {Payment}", payment.Id);
                await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Pending).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Status, PaymentStatus.Failed).SetProperty(p => p.CompletedAt, Now)
                    .SetProperty(p => p.FailureReason, PaymentFailure.GatewayUnavailable), ct);
                throw new ConflictException(SharedText.PaymentGatewayUnavailable);
            }

            // The session belongs to this attempt only while it is still open: a start a moment later may have closed
            // it while Stripe was answering (it closes an attempt without a session only if none is attached yet).
            var attached = await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.GatewaySessionId, session.Id).SetProperty(p => p.CheckoutUrl, session.Url), ct);
            if (attached == 0)
            {
                // Recorded all the same, so that should Stripe take money on it after all, its webhook still finds it.
                await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.GatewaySessionId, session.Id), ct);
                if (await stripe.ExpireAsync(session.Id, ct) != CheckoutClosing.Closed)
                    log.LogWarning("Checkout session {Session} of superseded payment {Payment} could not be expired; its webhook decides", session.Id, payment.Id);
                throw new ConflictException(SharedText.PaymentStartedElsewhere);
            }

            payment.CheckoutUrl = session.Url;
        }

        return new PaymentStarted(payment.Id, payment.Reference, amount, payment.CheckoutUrl!, gateway);
    }

    /// <summary>
    /// Whether the insert was refused by IX_Payments_OneOpenPerLoan. By the violation itself, not by looking for the
    /// winner afterwards: with three starts at once, a third may already have closed it again.
    /// </summary>
    private static bool IsSecondOpenCheckout(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && pg.ConstraintName == "IX_Payments_OneOpenPerLoan",
        // SQLite names the columns, not the index: SQLITE_CONSTRAINT_UNIQUE on Payments.LoanId.
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteExtendedErrorCode == 2067 && lite.Message.Contains("Payments.LoanId", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>The customer left the checkout (Stripe's cancel link, or the test page's Cancel): close it so it cannot be paid later.</summary>
    public async Task<PaymentView> CancelAsync(Guid paymentId, CancellationToken ct = default)
    {
        var payment = await PaymentAsync(paymentId, ct);
        // Should Stripe have taken the money meanwhile (or not answer), the attempt stays open and its webhook decides.
        if (payment.Status == PaymentStatus.Pending) await CloseOpenAsync(payment.LoanId, only: paymentId, ct);
        return await PaymentAsync(paymentId, ct);
    }

    /// <summary>
    /// Closes the loan's checkouts still open (all of them, or one). Returns why one could not be closed, else null:
    /// a Stripe session already paid (its webhook is on the way and will post it) cannot be expired, and then no
    /// second checkout may be opened beside it; nor while Stripe does not say what became of one.
    /// </summary>
    private async Task<string?> CloseOpenAsync(Guid loanId, Guid? only, CancellationToken ct)
    {
        // Until none is left open: an attempt whose Stripe session is being created as we look gets its session
        // attached or closed, never both (each update requires the other not to have happened), and is seen again.
        while (true)
        {
            var open = await db.Payments.AsNoTracking().Where(p => p.LoanId == loanId && p.Status == PaymentStatus.Pending && (only == null || p.Id == only))
                .Select(p => new { p.Id, p.Gateway, p.GatewaySessionId }).ToListAsync(ct);
            if (open.Count == 0) return null;
            foreach (var p in open)
            {
                if (p.Gateway == PaymentGateway.Stripe && p.GatewaySessionId is { } session)
                {
                    var closing = await stripe.ExpireAsync(session, ct);
                    if (closing != CheckoutClosing.Closed)
                    {
                        log.LogInformation("Checkout session {Session} of payment {Payment} could not be expired ({Closing}); its webhook decides", session, p.Id, closing);
                        return closing == CheckoutClosing.Completed ? SharedText.PaymentEarlierCompleted : SharedText.PaymentGatewayUnavailable;
                    }
                }

                await db.Payments.Where(x => x.Id == p.Id && x.Status == PaymentStatus.Pending && x.GatewaySessionId == p.GatewaySessionId).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Status, PaymentStatus.Cancelled).SetProperty(x => x.CompletedAt, Now), ct);
            }
        }
    }

    /// <summary>An instalment payment covers that instalment and everything older still owed (the engine pays oldest first).</summary>
    private static decimal InstalmentAmount(LoanDetails view, int? number)
    {
        var line = view.Schedule.FirstOrDefault(l => l.Number == number)
            ?? throw new DomainValidationException(nameof(StartPayment.InstalmentNumber), SharedText.PaymentNoSuchInstalment);
        if (line.Owed == 0) throw new DomainValidationException(nameof(StartPayment.InstalmentNumber), SharedText.PaymentInstalmentPaid);
        return view.Schedule.Where(l => l.Number <= line.Number).Sum(l => l.Owed);
    }

    public async Task<PaymentView> PaymentAsync(Guid paymentId, CancellationToken ct = default)
    {
        var me = user.Id ?? throw new ForbiddenException(SharedText.NotPermitted);
        var row = await (from p in db.Payments.AsNoTracking()
                         join l in db.Loans on p.LoanId equals l.Id
                         where p.Id == paymentId && p.CustomerId == me
                         select new { p, LoanReference = l.Reference })
                        .FirstOrDefaultAsync(ct);
        var view = row is null ? null : new PaymentView(row.p.Id, row.p.Reference, row.p.LoanId, row.LoanReference, row.p.Kind, row.p.InstalmentNumber,
            Money.FromMinor(row.p.Status == PaymentStatus.Succeeded ? row.p.ReceivedMinor : row.p.AmountMinor), row.p.Currency, row.p.Status, row.p.Gateway,
            row.p.FailureReason, row.p.ClosedLoan, row.p.CreatedAt, row.p.CompletedAt);
        return view ?? throw new NotFoundException(SharedText.PaymentNotFound);
    }

    /// <summary>The test-mode gateway's answer, as a card network would give it, through the same posting as Stripe's.</summary>
    public async Task<PaymentView> CompleteTestAsync(Guid paymentId, TestOutcome outcome, CancellationToken ct = default)
    {
        var payment = await PaymentAsync(paymentId, ct);
        if (payment.Gateway != PaymentGateway.Test || !options.Value.UsesTestGateway) throw new NotFoundException(SharedText.PaymentNotFound);
        if (payment.Status != PaymentStatus.Pending) throw new ConflictException(SharedText.PaymentAlreadyCompleted);
        if (outcome == TestOutcome.Succeed)
        {
            // Closed a moment ago (a newer checkout replaced it, or another tab paid it): nothing is taken.
            if (!await posting.PostAsync(paymentId, Money.ToMinor(payment.Amount), $"test_{Guid.NewGuid():N}", Now, ct))
                throw new ConflictException(SharedText.PaymentAlreadyCompleted);
        }
        else
        {
            var changed = await db.Payments.Where(p => p.Id == paymentId && p.Status == PaymentStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, outcome == TestOutcome.Decline ? PaymentStatus.Failed : PaymentStatus.Cancelled)
                .SetProperty(p => p.CompletedAt, Now)
                .SetProperty(p => p.FailureReason, outcome == TestOutcome.Decline ? PaymentFailure.Declined : null), ct);
            if (changed == 1 && outcome == TestOutcome.Decline)
            {
                notifier.Notify(user.Id!, NotificationKind.PaymentFailed, $"/loans/{payment.LoanId}/payments/{payment.Id}", Now, email: false, payment.Reference);
                await db.SaveChangesAsync(ct);
            }
        }

        return await PaymentAsync(paymentId, ct);
    }
}
