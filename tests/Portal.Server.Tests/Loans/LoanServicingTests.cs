using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Features.Payments;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Loans;

/// <summary>A clock of its own: these tests move time forward by weeks.</summary>
public sealed class ServicingFactory : PortalFactory;

[CollectionDefinition(nameof(ServicingCollection))]
public sealed class ServicingCollection : ICollectionFixture<ServicingFactory>;

/// <summary>Loans after payout, through the real API: viewing, paying through the test-mode gateway, payoff, the daily run.</summary>
[Collection(nameof(ServicingCollection))]
public sealed class LoanServicingTests(ServicingFactory app)
{
    private static Task<T> Read<T>(HttpResponseMessage response) => Applicants.Read<T>(response);

    private static async Task<PaymentView> PayAsync(HttpClient customer, Guid loanId, StartPayment request, TestOutcome outcome)
    {
        var started = await Read<PaymentStarted>(await customer.SendAsync(Api.Post($"/api/loans/{loanId}/payments", request)));
        Assert.Equal(PaymentGateway.Test, started.Gateway);
        Assert.Equal($"/pay/test/{started.PaymentId}", started.CheckoutUrl);
        return await Read<PaymentView>(await customer.SendAsync(Api.Post($"/api/payments/test/{started.PaymentId}/{outcome}", new { })));
    }

    private async Task<DailyRunResult> RunDayAsync(DateOnly? date = null)
    {
        var operations = await Borrowers.StaffAsync(app, "operations@demo.portal");
        return await Read<DailyRunResult>(await operations.SendAsync(Api.Post("/api/staff/servicing/daily-run", new DailyRunRequest { Date = date })));
    }

    [Fact]
    public async Task A_new_loan_shows_its_schedule_and_an_instalment_paid_through_the_test_gateway_is_posted_once()
    {
        var (customer, _, loan) = await Borrowers.DisbursedAsync(app);
        Assert.Equal(LoanState.Active, loan.State);
        Assert.Equal(12, loan.Schedule.Count);
        Assert.All(loan.Schedule, l => Assert.Equal(InstalmentState.Upcoming, l.State));
        Assert.Equal(12_000m, loan.Balance);
        Assert.Equal(1, loan.Next!.Number);
        var mine = await Read<List<LoanListItem>>(await customer.GetAsync("/api/loans"));
        Assert.Equal(loan.Reference, Assert.Single(mine).Reference);

        // Paying the first instalment early pays that instalment, not the end of the loan.
        var paid = await PayAsync(customer, loan.Id, new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 1 }, TestOutcome.Succeed);
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        Assert.Equal(loan.Schedule[0].Scheduled, paid.Amount);
        var after = await Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(InstalmentState.Paid, after.Schedule[0].State);
        Assert.Equal(2, after.Next!.Number);
        Assert.Equal(12_000m - loan.Schedule[0].Principal, after.Balance);
        var receipt = Assert.Single(after.Payments);
        Assert.Equal(loan.Schedule[0].Principal, receipt.Principal);
        Assert.Equal(loan.Schedule[0].Interest, receipt.Interest);

        // The same test checkout cannot be completed twice.
        Assert.Equal(HttpStatusCode.Conflict, (await customer.SendAsync(Api.Post($"/api/payments/test/{paid.Id}/Succeed", new { }))).StatusCode);
        var inbox = await Read<Inbox>(await customer.GetAsync("/api/notifications"));
        Assert.Contains(inbox.Items, n => n.Kind == NotificationKind.PaymentReceived && n.Reference == paid.Reference);

        // Declined and cancelled checkouts post nothing.
        var declined = await PayAsync(customer, loan.Id, new StartPayment { Kind = PaymentKind.Amount, Amount = 100m }, TestOutcome.Decline);
        Assert.Equal(PaymentStatus.Failed, declined.Status);
        Assert.Equal(PaymentFailure.Declined, declined.FailureReason);
        var cancelled = await PayAsync(customer, loan.Id, new StartPayment { Kind = PaymentKind.Amount, Amount = 100m }, TestOutcome.Cancel);
        Assert.Equal(PaymentStatus.Cancelled, cancelled.Status);
        var unchanged = await Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(after.Balance, unchanged.Balance);
        Assert.Equal(3, unchanged.Payments.Count);
    }

    [Fact]
    public async Task Another_customer_reaches_neither_the_loan_nor_its_payments()
    {
        var (customer, _, loan) = await Borrowers.DisbursedAsync(app);
        var started = await Read<PaymentStarted>(await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", new StartPayment { Kind = PaymentKind.Payoff })));
        var other = await app.SignedInAsync(Roles.Customer);
        foreach (var url in new[] { $"/api/loans/{loan.Id}", $"/api/loans/{loan.Id}/payoff", $"/api/loans/{loan.Id}/statement.csv", $"/api/loans/{loan.Id}/statement.pdf", $"/api/payments/{started.PaymentId}" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Empty(await Read<List<LoanListItem>>(await other.GetAsync("/api/loans")));
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", new StartPayment { Kind = PaymentKind.Payoff }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Api.Post($"/api/payments/test/{started.PaymentId}/Succeed", new { }))).StatusCode);

        // Staff use the staff area; the customer API is the borrower's alone.
        var manager = await Borrowers.StaffAsync(app, "manager@demo.portal");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/api/loans/{loan.Id}")).StatusCode);
        // Only operations run the daily review.
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.SendAsync(Api.Post("/api/staff/servicing/daily-run", new DailyRunRequest()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.SendAsync(Api.Post("/api/staff/servicing/daily-run", new DailyRunRequest()))).StatusCode);
    }

    [Fact]
    public async Task Careless_amounts_get_a_clear_answer_and_a_payoff_closes_the_loan()
    {
        var (customer, _, loan) = await Borrowers.DisbursedAsync(app);
        var quote = await Read<PayoffQuote>(await customer.GetAsync($"/api/loans/{loan.Id}/payoff"));
        Assert.Equal(12_000m, quote.PrincipalOutstanding);
        Assert.Equal(240m, quote.EarlyRepaymentFee);
        var later = await Read<PayoffQuote>(await customer.GetAsync($"/api/loans/{loan.Id}/payoff?date={quote.QuoteDate.AddDays(10):yyyy-MM-dd}"));
        Assert.True(later.AccruedInterest > quote.AccruedInterest);
        Assert.Equal(quote.QuoteDate.AddDays(10), later.ValidUntil);
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.GetAsync($"/api/loans/{loan.Id}/payoff?date={quote.QuoteDate.AddDays(-1):yyyy-MM-dd}")).StatusCode);

        foreach (var careless in new[]
        {
            new StartPayment { Kind = PaymentKind.Amount },
            new StartPayment { Kind = PaymentKind.Amount, Amount = 0m },
            new StartPayment { Kind = PaymentKind.Amount, Amount = 10.005m },
            new StartPayment { Kind = PaymentKind.Amount, Amount = quote.Total + 1 },
            new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 13 },
            new StartPayment { Kind = PaymentKind.Instalment },
        })
        {
            var response = await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", careless));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var payoff = await PayAsync(customer, loan.Id, new StartPayment { Kind = PaymentKind.Payoff }, TestOutcome.Succeed);
        Assert.True(payoff.ClosedLoan);
        Assert.Equal(quote.Total, payoff.Amount);
        var closed = await Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(LoanState.Closed, closed.State);
        Assert.Equal(0m, closed.Balance);
        Assert.All(closed.Schedule, l => Assert.Equal(InstalmentState.Waived, l.State));
        Assert.Equal(HttpStatusCode.Conflict, (await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", new StartPayment { Kind = PaymentKind.Payoff }))).StatusCode);

        var csv = await customer.GetAsync($"/api/loans/{loan.Id}/statement.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains(loan.Reference, text);
        Assert.Contains(payoff.Reference, text);
        var pdf = await customer.GetAsync($"/api/loans/{loan.Id}/statement.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_daily_run_marks_an_unpaid_instalment_overdue_with_penalty_and_one_late_fee_and_repeating_it_changes_nothing()
    {
        var (_, email, loan) = await Borrowers.DisbursedAsync(app);
        var due = loan.Schedule[0].DueDate;

        // Five days after the due date (grace is three): overdue by five days.
        Borrowers.MoveClockTo(app, due.AddDays(5), new TimeOnly(10, 0));
        var today = Borrowers.Today(app);
        var first = await RunDayAsync(today);
        Assert.True(first.Overdue >= 1);

        var customer = await Borrowers.CustomerAgainAsync(app, email);
        var overdue = await Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        var line = overdue.Schedule[0];
        Assert.Equal(InstalmentState.Overdue, line.State);
        Assert.Equal(today.DayNumber - due.DayNumber, line.DaysPastDue);
        Assert.Equal(50m, line.LateFee);
        var expectedPenalty = Overdue.PenaltyInterest(line.Principal, loan.RatePercent, line.DaysPastDue, 0.5m);
        Assert.Equal(expectedPenalty, line.PenaltyInterest);
        Assert.Equal(LoanClassification.SpecialMention, overdue.Classification);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var before = await db.Loans.AsNoTracking().FirstAsync(l => l.Id == loan.Id);
            var notifications = await db.Set<Portal.Server.Features.Messages.Notification>().CountAsync();
            await RunDayAsync(today);
            var again = await db.Loans.AsNoTracking().FirstAsync(l => l.Id == loan.Id);
            Assert.Equal(before.ConcurrencyStamp, again.ConcurrencyStamp);
            Assert.Equal((before.DaysPastDue, before.ArrearsMinor, before.PenaltyMinor, before.Classification), (again.DaysPastDue, again.ArrearsMinor, again.PenaltyMinor, again.Classification));
            Assert.Equal(notifications, await db.Set<Portal.Server.Features.Messages.Notification>().CountAsync());
            Assert.Equal(Money.ToMinor(line.Owed), again.ArrearsMinor);
        }

        // A day before the last run would wind figures back: refused with the range.
        var operations = await Borrowers.StaffAsync(app, "operations@demo.portal");
        Assert.Equal(HttpStatusCode.BadRequest, (await operations.SendAsync(Api.Post("/api/staff/servicing/daily-run", new DailyRunRequest { Date = today.AddDays(-1) }))).StatusCode);

        // Paying the arrears (penalty and late fee first) cures the loan.
        var cure = await PayAsync(customer, loan.Id, new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 1 }, TestOutcome.Succeed);
        Assert.Equal(line.Owed, cure.Amount);
        var cured = await Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(InstalmentState.Paid, cured.Schedule[0].State);
        Assert.Equal(0, cured.DaysPastDue);
        Assert.Equal(0m, cured.Arrears);
    }

    [Fact]
    public async Task A_payoff_quoted_before_midnight_and_confirmed_after_it_still_closes_the_loan()
    {
        var (customer, email, loan) = await Borrowers.DisbursedAsync(app);
        var started = await Read<PaymentStarted>(await customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", new StartPayment { Kind = PaymentKind.Payoff })));
        app.Clock.Advance(TimeSpan.FromDays(1));
        customer = await Borrowers.CustomerAgainAsync(app, email);
        var paid = await Read<PaymentView>(await customer.SendAsync(Api.Post($"/api/payments/test/{started.PaymentId}/Succeed", new { })));
        Assert.True(paid.ClosedLoan);
        Assert.Equal(LoanState.Closed, (await Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"))).State);
    }

    [Fact]
    public async Task Simultaneous_starts_for_one_instalment_leave_one_payable_checkout_and_only_it_can_be_paid()
    {
        var (customer, _, loan) = await Borrowers.DisbursedAsync(app);
        var started = new List<Guid>();
        for (var trial = 0; trial < 5; trial++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
                customer.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments", new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = 1 }))));
            // Each start either opened a checkout or was told another one had just been opened.
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
            foreach (var ok in responses.Where(r => r.IsSuccessStatusCode)) started.Add((await Read<PaymentStarted>(ok)).PaymentId);
            Assert.True(await OpenCheckoutsAsync(loan.Id) <= 1, $"trial {trial}: more than one open checkout");
        }

        // The customer pays every checkout they were given, at once: one goes through, the others are closed.
        var paid = await Task.WhenAll(started.Select(id => customer.SendAsync(Api.Post($"/api/payments/test/{id}/Succeed", new { }))));
        Assert.Single(paid, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(paid, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var after = await Read<LoanDetails>(await customer.GetAsync($"/api/loans/{loan.Id}"));
        Assert.Equal(InstalmentState.Paid, after.Schedule[0].State);
        Assert.Equal(InstalmentState.Upcoming, after.Schedule[1].State);
        Assert.Equal(0m, after.Credit);
        Assert.Single(after.Payments, p => p.Status == PaymentStatus.Succeeded);
    }

    [Fact]
    public async Task The_database_refuses_a_second_open_checkout_for_a_loan()
    {
        var (_, _, loan) = await Borrowers.DisbursedAsync(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var customerId = await db.Loans.Where(l => l.Id == loan.Id).Select(l => l.CustomerId).SingleAsync();
        Payment Attempt(PaymentStatus status, int instalment) => new()
        {
            Id = Guid.NewGuid(), Reference = "PY-T" + Guid.NewGuid().ToString("N")[..12], LoanId = loan.Id, CustomerId = customerId,
            Kind = PaymentKind.Instalment, InstalmentNumber = instalment, AmountMinor = 100, Currency = "CNY", Gateway = PaymentGateway.Test,
            Status = status, CreatedAt = app.Clock.GetUtcNow(),
        };

        // Closed attempts beside an open one are history, not checkouts.
        db.Payments.AddRange(Attempt(PaymentStatus.Pending, 1), Attempt(PaymentStatus.Cancelled, 1), Attempt(PaymentStatus.Failed, 1));
        await db.SaveChangesAsync();
        foreach (var second in new[] { Attempt(PaymentStatus.Pending, 1), Attempt(PaymentStatus.Pending, 2) })
        {
            db.ChangeTracker.Clear();
            db.Payments.Add(second);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        db.ChangeTracker.Clear();
        Assert.Equal(1, await OpenCheckoutsAsync(loan.Id));
    }

    private async Task<int> OpenCheckoutsAsync(Guid loanId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Payments.CountAsync(p => p.LoanId == loanId && p.Status == PaymentStatus.Pending);
    }
}
