using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Messages;
using Portal.Shared.Features.Messages;
using Stripe;
using Stripe.Checkout;
using Portal.Shared.Features.Payments;

namespace Portal.Server.Features.Payments;

/// <summary>
/// Stripe's signed webhook: the only way a Stripe payment reaches a loan. The signature and its timestamp are
/// checked on the raw body before anything is read; each event id is handled once; a repeated or late event
/// finds the payment already in its final state and changes nothing.
/// </summary>
public sealed class StripeWebhook(PortalDbContext db, StripeGateway stripe, PaymentPosting posting, Notifier notifier, TimeProvider clock,
    IOptions<PaymentOptions> options, ILogger<StripeWebhook> log)
{
    /// <summary>Stripe's events are a few kilobytes; anything far larger is not from Stripe.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken ct)
    {
        if (!options.Value.UsesStripe) return TypedResults.NotFound();
        if (request.ContentLength > MaxBodyBytes) return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        // Read at most one byte past the limit, whatever the client declared (a chunked body has no length).
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        if (length > MaxBodyBytes) return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = System.Text.Encoding.UTF8.GetString(buffer, 0, length);

        Event evt;
        try
        {
            evt = stripe.Verify(body, request.Headers["Stripe-Signature"].ToString());
        }
        catch (StripeException e)
        {
            log.LogWarning("Rejected a Stripe webhook: {Reason}", e.Message);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The Stripe signature is missing, wrong or too old.");
        }

        if (await db.GatewayEvents.AnyAsync(e => e.Id == evt.Id, ct)) return TypedResults.Ok();

        Guid? paymentId = null;
        if (evt.Data.Object is Session session && Guid.TryParse(session.ClientReferenceId, out var id))
        {
            paymentId = id;
            await HandleSessionAsync(evt, session, id, ct);
        }

        db.ChangeTracker.Clear();
        db.GatewayEvents.Add(new GatewayEvent { Id = evt.Id, Type = evt.Type, ReceivedAt = clock.GetUtcNow(), PaymentId = paymentId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same event delivered twice at once: the other delivery recorded it, and the posting was claimed once.
        }

        return TypedResults.Ok();
    }

    private async Task HandleSessionAsync(Event evt, Session session, Guid paymentId, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId && p.Gateway == PaymentGateway.Stripe, ct);
        if (payment is null || payment.GatewaySessionId != session.Id)
        {
            log.LogWarning("Stripe event {Event} names session {Session} that is not one of ours", evt.Id, session.Id);
            return;
        }

        var now = clock.GetUtcNow();
        switch (evt.Type)
        {
            case EventTypes.CheckoutSessionCompleted when session.PaymentStatus == "paid":
            case EventTypes.CheckoutSessionAsyncPaymentSucceeded:
                if (!string.Equals(session.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    log.LogError("Stripe session {Session} was paid in {Currency}, payment {Payment} expects {Expected}: not posted",
                        session.Id, session.Currency, payment.Id, payment.Currency);
                    return;
                }

                // The money counts from when Stripe took it, not from when the event reached us.
                var paidAt = new DateTimeOffset(DateTime.SpecifyKind(evt.Created, DateTimeKind.Utc));
                await posting.PostAsync(payment.Id, session.AmountTotal ?? payment.AmountMinor, session.PaymentIntentId ?? session.Id, paidAt < now ? paidAt : now, ct);
                break;

            case EventTypes.CheckoutSessionAsyncPaymentFailed:
            case EventTypes.CheckoutSessionExpired:
                var failed = evt.Type == EventTypes.CheckoutSessionAsyncPaymentFailed;
                var changed = await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Pending).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Status, failed ? PaymentStatus.Failed : PaymentStatus.Cancelled)
                    .SetProperty(p => p.CompletedAt, now)
                    .SetProperty(p => p.FailureReason, failed ? PaymentFailure.Declined : PaymentFailure.Expired), ct);
                if (changed == 1 && failed)
                {
                    notifier.Notify(payment.CustomerId, NotificationKind.PaymentFailed, $"/loans/{payment.LoanId}/payments/{payment.Id}", now, email: true, payment.Reference);
                    await db.SaveChangesAsync(ct);
                }

                break;
        }
    }
}
