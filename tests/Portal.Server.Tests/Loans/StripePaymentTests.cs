using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Payments;

namespace Portal.Server.Tests.Loans;

/// <summary>The portal configured with Stripe keys, its API pointed at <see cref="FakeStripe"/>.</summary>
public sealed class StripeFactory : PortalFactory
{
    public FakeStripe Stripe { get; } = FakeStripe.Start();

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Payments:Stripe:SecretKey", FakeStripe.SecretKey),
        ("Payments:Stripe:WebhookSecret", FakeStripe.WebhookSecret),
        ("Payments:Stripe:ApiBase", Stripe.Url),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

[CollectionDefinition(nameof(StripeCollection))]
public sealed class StripeCollection : ICollectionFixture<StripeFactory>;

/// <summary>Stripe Checkout and its signed webhook: a payment is posted exactly once, whatever Stripe resends.</summary>
[Collection(nameof(StripeCollection))]
public sealed class StripePaymentTests(StripeFactory app)
{
    private const string Completed = "checkout.session.completed";

    private async Task<(HttpClient Customer, string Email, LoanDetails Loan, PaymentStarted Started)> StartedAsync(StartPayment? request = null)
    {
        var (customer, email, loan) = await Borrowers.DisbursedAsync(app);
        var started = await Applicants.Read<PaymentStarted>(await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments",
            request ?? new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 1 })));
        return (customer, email, loan, started);
    }

    private string SessionOf(PaymentStarted started) => app.Stripe.Sessions.Values.Single(s => (string?)s["client_reference_id"] == started.PaymentId.ToString())["id"]!.ToString();

    private async Task<int> PostingsAsync(Guid paymentId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEntries.CountAsync(e => e.Action == "PostPayment" && e.SubjectId == paymentId.ToString());
    }

    [Fact]
    public async Task A_checkout_session_is_created_once_per_attempt_and_the_signed_webhook_posts_it_once()
    {
        var (customer, _, loan, started) = await StartedAsync();
        Assert.Equal(PaymentGateway.Stripe, started.Gateway);
        Assert.StartsWith("https://checkout.stripe.test/c/pay/cs_test_", started.CheckoutUrl);
        var session = app.Stripe.Sessions[SessionOf(started)];
        Assert.Equal(Portal.Shared.Lending.Money.ToMinor(loan.Schedule[0].Scheduled), (long)session["amount_total"]!);
        Assert.Equal("cny", (string?)session["currency"]);
        Assert.Contains($"portal-payment-{started.PaymentId}", app.Stripe.IdempotencyKeys);
        Assert.Equal($"{PortalFactory.PublicBaseUrl}loans/{loan.Id}/payments/{started.PaymentId}", (string?)session["success_url"]);

        // With Stripe configured the test-mode gateway does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await customer.SendAsync(Api.Post($"/api/payments/test/{started.PaymentId}/Succeed", new { }))).StatusCode);
        var pending = await Applicants.Read<PaymentView>(await customer.GetAsync($"/api/payments/{started.PaymentId}"));
        Assert.Equal(PaymentStatus.Pending, pending.Status);

        var webhook = app.CreateClient();
        var body = app.Stripe.Event(Completed, SessionOf(started), app.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await webhook.SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow()))).StatusCode);
        // Stripe resends: the same event again, and again a minute later.
        Assert.Equal(HttpStatusCode.OK, (await webhook.SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow()))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await webhook.SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow()))).StatusCode);
        // An expiry arriving after the completion changes nothing.
        var late = app.Stripe.Event("checkout.session.expired", SessionOf(started), app.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await webhook.SendAsync(FakeStripe.Webhook(late, app.Clock.GetUtcNow()))).StatusCode);

        Assert.Equal(1, await PostingsAsync(started.PaymentId));
        var paid = await Applicants.Read<PaymentView>(await customer.GetAsync($"/api/payments/{started.PaymentId}"));
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        var after = await Applicants.Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(InstalmentState.Paid, after.Schedule[0].State);
        Assert.Equal(0m, after.Credit);
    }

    [Fact]
    public async Task A_tampered_stale_or_unsigned_webhook_gets_400_and_posts_nothing()
    {
        var (_, _, _, started) = await StartedAsync();
        var webhook = app.CreateClient();
        var body = app.Stripe.Event(Completed, SessionOf(started), app.Clock.GetUtcNow());

        var tampered = FakeStripe.Webhook(body, app.Clock.GetUtcNow());
        tampered.Content = new StringContent(body.Replace("\"amount_total\":", "\"amount_total\":1"), System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await webhook.SendAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await webhook.SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow().AddMinutes(-10)))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await webhook.SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow(), secret: "whsec_someone_else"))).StatusCode);
        var unsigned = FakeStripe.Webhook(body, app.Clock.GetUtcNow());
        unsigned.Headers.Remove("Stripe-Signature");
        Assert.Equal(HttpStatusCode.BadRequest, (await webhook.SendAsync(unsigned)).StatusCode);

        Assert.Equal(0, await PostingsAsync(started.PaymentId));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_the_same_event_post_once()
    {
        var (_, _, _, started) = await StartedAsync();
        var body = app.Stripe.Event(Completed, SessionOf(started), app.Clock.GetUtcNow());
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.CreateClient().SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow()))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await PostingsAsync(started.PaymentId));
    }

    [Fact]
    public async Task Paying_an_instalment_already_paid_becomes_credit_not_a_double_count_and_pays_the_next_one_when_due()
    {
        var (customer, email, loan, first) = await StartedAsync();
        // Starting again expired the first session; should Stripe confirm money on it all the same, it is posted
        // (money taken is never dropped) and, the instalment being paid by then, held as credit.
        var second = await Applicants.Read<PaymentStarted>(await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments",
            new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 1 })));
        var webhook = app.CreateClient();
        foreach (var started in new[] { first, second })
            Assert.Equal(HttpStatusCode.OK, (await webhook.SendAsync(FakeStripe.Webhook(app.Stripe.Event(Completed, SessionOf(started), app.Clock.GetUtcNow()), app.Clock.GetUtcNow()))).StatusCode);

        var after = await Applicants.Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(InstalmentState.Paid, after.Schedule[0].State);
        Assert.Equal(InstalmentState.Upcoming, after.Schedule[1].State);
        Assert.Equal(loan.Schedule[0].Scheduled, after.Credit);
        Assert.Equal(12_000m - loan.Schedule[0].Principal, after.Balance);
        Assert.Equal(loan.Schedule[0].Scheduled, after.Payments.Single(p => p.Id == second.PaymentId).Credit);

        // On the second due date the daily run spends the credit on it.
        Borrowers.MoveClockTo(app, loan.Schedule[1].DueDate, new TimeOnly(9, 0));
        var operations = await Borrowers.StaffAsync(app, "operations@demo.portal");
        await Applicants.Read<DailyRunResult>(await operations.SendAsync(Api.Post("/api/staff/servicing/daily-run", new DailyRunRequest())));
        customer = await Borrowers.CustomerAgainAsync(app, email);
        var spent = await Applicants.Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(0m, spent.Credit);
        Assert.Equal(InstalmentState.Paid, spent.Schedule[1].State);
        Assert.Equal(loan.Schedule[0].Scheduled, Assert.Single(spent.Payments, p => p.Gateway == PaymentGateway.Credit).Amount);
    }

    [Fact]
    public async Task An_expired_checkout_is_cancelled_and_posts_nothing()
    {
        var (customer, _, _, started) = await StartedAsync();
        var body = app.Stripe.Event("checkout.session.expired", SessionOf(started), app.Clock.GetUtcNow(), paymentStatus: "unpaid");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow()))).StatusCode);
        var view = await Applicants.Read<PaymentView>(await customer.GetAsync($"/api/payments/{started.PaymentId}"));
        Assert.Equal(PaymentStatus.Cancelled, view.Status);
        Assert.Equal(PaymentFailure.Expired, view.FailureReason);
        Assert.Equal(0, await PostingsAsync(started.PaymentId));
    }

    [Fact]
    public async Task Starting_again_closes_the_checkout_left_open_and_leaving_one_closes_it()
    {
        var (customer, _, loan, first) = await StartedAsync();
        var second = await Applicants.Read<PaymentStarted>(await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments",
            new StartPayment { Kind = PaymentKind.Amount, Amount = 100m })));
        Assert.Equal("expired", (string?)app.Stripe.Sessions[SessionOf(first)]["status"]);
        // Expired at Stripe before the new session was created, so the two were never payable at once.
        var calls = app.Stripe.Calls.ToList();
        Assert.InRange(calls.IndexOf("expire " + SessionOf(first)), 0, calls.IndexOf("create " + SessionOf(second)) - 1);
        Assert.Equal(PaymentStatus.Cancelled, (await Applicants.Read<PaymentView>(await customer.GetAsync($"/api/payments/{first.PaymentId}"))).Status);

        // Back from Stripe's cancel link: the checkout is closed at Stripe too.
        var left = await Applicants.Read<PaymentView>(await customer.SendAsync(Api.Post($"/api/payments/{second.PaymentId}/cancel", new { })));
        Assert.Equal(PaymentStatus.Cancelled, left.Status);
        Assert.Equal("expired", (string?)app.Stripe.Sessions[SessionOf(second)]["status"]);
    }

    [Fact]
    public async Task Starting_again_when_the_earlier_checkout_was_just_paid_at_Stripe_is_refused_and_it_is_posted_once()
    {
        var (customer, _, loan, first) = await StartedAsync();
        // Paid at Stripe; the webhook has not arrived yet. Its session can no longer be expired.
        app.Stripe.Pay(SessionOf(first));
        var sessions = app.Stripe.Sessions.Count;
        var again = await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 1 }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(sessions, app.Stripe.Sessions.Count);
        Assert.Equal(PaymentStatus.Pending, (await Applicants.Read<PaymentView>(await customer.GetAsync($"/api/payments/{first.PaymentId}"))).Status);

        var body = app.Stripe.Event(Completed, SessionOf(first), app.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(FakeStripe.Webhook(body, app.Clock.GetUtcNow()))).StatusCode);
        Assert.Equal(1, await PostingsAsync(first.PaymentId));
        var after = await Applicants.Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(InstalmentState.Paid, after.Schedule[0].State);
        Assert.Equal(0m, after.Credit);
        Assert.Single(after.Payments);
    }

    [Fact]
    public async Task Simultaneous_starts_leave_at_most_one_payable_session_at_Stripe()
    {
        var (customer, _, loan) = await Borrowers.DisbursedAsync(app);
        for (var trial = 0; trial < 4; trial++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
                customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 1 }))));
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);

            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var attempts = await db.Payments.Where(p => p.LoanId == loan.Id).Select(p => new { p.Id, p.Status, p.GatewaySessionId }).ToListAsync();
            var payable = app.Stripe.Sessions.Values.Where(s => (string?)s["status"] == "open"
                && attempts.Any(a => a.Id.ToString() == (string?)s["client_reference_id"])).ToList();
            Assert.True(payable.Count <= 1, $"trial {trial}: {payable.Count} sessions payable at Stripe");
            Assert.True(attempts.Count(a => a.Status == PaymentStatus.Pending) <= 1, $"trial {trial}: more than one open attempt");
            // The one payable session is the open attempt's, so its webhook finds it.
            foreach (var session in payable)
                Assert.Contains(attempts, a => a.Status == PaymentStatus.Pending && a.GatewaySessionId == (string?)session["id"]);
        }
    }
}
