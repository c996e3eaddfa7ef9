extern alias client;
using client::Portal.Client.Features.Collections;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Loans;

/// <summary>Overdue loans in the collections queue, the contact log with promises to pay, the watch list and calling a loan in.</summary>
[Collection(nameof(ServicingCollection))]
public sealed class CollectionsTests(ServicingFactory app)
{
    private const string Api = "/api/staff/collections";

    /// <summary>A loan whose first instalment is <paramref name="days"/> days overdue, with the daily run done for today.</summary>
    private async Task<(string CustomerEmail, LoanDetails Loan)> OverdueAsync(int days)
    {
        var (_, email, loan) = await Borrowers.DisbursedAsync(app);
        Borrowers.MoveClockTo(app, loan.Schedule[0].DueDate.AddDays(days), new TimeOnly(10, 0));
        var operations = await Borrowers.StaffAsync(app, "operations@demo.portal");
        await Applicants.Read<DailyRunResult>(await operations.SendAsync(Infrastructure.Api.Post("/api/staff/servicing/daily-run", new DailyRunRequest())));
        return (email, loan);
    }

    private static async Task<CollectionItem?> FindAsync(HttpClient staff, Guid loanId)
    {
        string? cursor = null;
        do
        {
            var page = await ClientApi.Of<CollectionsHttpClient>(staff).QueueAsync(null, cursor);
            if (page.Items.FirstOrDefault(i => i.LoanId == loanId) is { } item) return item;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return null;
    }

    [Fact]
    public async Task Nobody_works_their_own_loan_in_collections_whatever_their_roles()
    {
        var (email, loan) = await OverdueAsync(days: 10);
        // The borrower is also a customer manager (staff may borrow from their employer).
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var person = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.AddToRoleAsync(person, Roles.CustomerManager)).Succeeded);
            await users.SetAuthenticationTokenAsync(person, "[AspNetUserStore]", "AuthenticatorKey", Forms.StaffKey);
            await users.SetTwoFactorEnabledAsync(person, true);
        }
        var self = app.CreateBrowserlessClient();
        await self.SignInAsync(email);

        Assert.Null(await FindAsync(self, loan.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await self.GetAsync($"{Api}/loans/{loan.Id}")).StatusCode);
        var contact = await self.SendAsync(Infrastructure.Api.Post($"{Api}/loans/{loan.Id}/contacts",
            new AddContact { Channel = ContactChannel.Phone, Note = "Spoke to myself; all fine." }));
        Assert.Equal(HttpStatusCode.NotFound, contact.StatusCode);

        // A colleague works it as any other.
        Assert.NotNull(await FindAsync(await Borrowers.StaffAsync(app, "manager@demo.portal"), loan.Id));
    }

    [Fact]
    public async Task An_overdue_loan_is_in_the_queue_and_a_promise_not_kept_by_its_date_is_flagged_broken()
    {
        var (email, loan) = await OverdueAsync(days: 10);
        var manager = await Borrowers.StaffAsync(app, "manager@demo.portal");
        var item = await FindAsync(manager, loan.Id);
        Assert.NotNull(item);
        Assert.True(item.DaysPastDue >= 10);
        Assert.True(item.Penalty > 0);
        Assert.Equal(Applicants.FullName, item.CustomerName);

        // Careless input is refused with the field named.
        var half = await manager.SendAsync(Infrastructure.Api.Post($"{Api}/loans/{loan.Id}/contacts", new AddContact { Note = "Called", PromiseAmount = 100m }));
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.Contains("PromiseDate", await half.Content.ReadAsStringAsync());

        var today = Borrowers.Today(app);
        var view = await Applicants.Read<StaffLoanView>(await manager.SendAsync(Infrastructure.Api.Post($"{Api}/loans/{loan.Id}/contacts",
            new AddContact { Channel = ContactChannel.Phone, Note = "Customer lost her job; will pay on Friday.", PromiseDate = today.AddDays(2), PromiseAmount = 500m })));
        Assert.Equal(PromiseState.Open, Assert.Single(view.Contacts).PromiseState);

        app.Clock.Advance(TimeSpan.FromDays(3));
        manager = await Borrowers.StaffAsync(app, "manager@demo.portal");
        var later = await Applicants.Read<StaffLoanView>(await manager.GetAsync($"{Api}/loans/{loan.Id}"));
        Assert.Equal(PromiseState.Broken, Assert.Single(later.Contacts).PromiseState);
        Assert.Equal(PromiseState.Broken, (await FindAsync(manager, loan.Id))!.PromiseState);
    }

    [Fact]
    public async Task Calling_a_loan_in_makes_the_balance_due_tells_the_customer_and_needs_a_risk_officer()
    {
        var (email, loan) = await OverdueAsync(days: 5);
        var manager = await Borrowers.StaffAsync(app, "manager@demo.portal");
        var view = await Applicants.Read<StaffLoanView>(await manager.GetAsync($"{Api}/loans/{loan.Id}"));

        var watched = await Applicants.Read<StaffLoanView>(await manager.SendAsync(Infrastructure.Api.Post($"{Api}/loans/{loan.Id}/watch",
            new WatchLoan { Reason = "Two missed calls and a returned letter.", ConcurrencyStamp = view.ConcurrencyStamp })));
        Assert.NotNull(watched.WatchReason);
        var refused = await manager.SendAsync(Infrastructure.Api.Post($"{Api}/loans/{loan.Id}/disposal",
            new RecordDisposal { Action = DisposalAction.CallIn, Reason = "No payment after three reminders.", ConcurrencyStamp = watched.ConcurrencyStamp }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var stale = await manager.SendAsync(Infrastructure.Api.Post($"{Api}/loans/{loan.Id}/disposal",
            new RecordDisposal { Action = DisposalAction.RequireCollateral, Reason = "Please pledge the car as agreed.", ConcurrencyStamp = view.ConcurrencyStamp }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var risk = await Borrowers.StaffAsync(app, "risk@demo.portal");
        var called = await Applicants.Read<StaffLoanView>(await risk.SendAsync(Infrastructure.Api.Post($"{Api}/loans/{loan.Id}/disposal",
            new RecordDisposal { Action = DisposalAction.CallIn, Reason = "No payment after three reminders.", ConcurrencyStamp = watched.ConcurrencyStamp })));
        Assert.NotNull(called.CalledInOn);
        Assert.All(called.Loan.Schedule, l => Assert.True(l.DueDate <= called.CalledInOn));
        Assert.Equal(called.Loan.Balance, called.Loan.Arrears);
        Assert.Contains(called.WatchHistory, w => w.Action == "CallIn");

        // The customer is told, in the application's thread and under the bell; the payoff has no early-repayment fee.
        var customer = await Borrowers.CustomerAgainAsync(app, email);
        var inbox = await Applicants.Read<Inbox>(await customer.GetAsync("/api/notifications"));
        Assert.Contains(inbox.Items, n => n.Kind == NotificationKind.LoanWatched && n.Reference == loan.Reference);
        var thread = await Applicants.Read<ThreadView>(await customer.GetAsync($"/api/messages/applications/{loan.ApplicationId}"));
        Assert.Contains(thread.Messages, m => m.Text.Contains("No payment after three reminders.") && m.Text.Contains(loan.Reference));
        var quote = await Applicants.Read<Portal.Shared.Lending.PayoffQuote>(await customer.GetAsync($"/api/loans/{loan.Id}/payoff"));
        Assert.Equal(0m, quote.EarlyRepaymentFee);
        Assert.Equal(called.Loan.Balance, quote.Total);
    }

    [Fact]
    public async Task Customers_and_staff_without_collections_are_refused()
    {
        var (_, loan) = await OverdueAsync(days: 1);
        foreach (var role in new[] { Roles.Customer, Roles.Approver, Roles.Marketing, Roles.LoanOperations })
        {
            var client = await app.SignedInAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Api)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Api}/loans/{loan.Id}")).StatusCode);
        }
    }
}
