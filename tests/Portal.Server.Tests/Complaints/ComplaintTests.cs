using System.Net;
using System.Net.Http.Json;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Server.Tests.Loans;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Messages;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Complaints;

/// <summary>Complaints (SPEC 2.8): the customer opens and follows one; staff take, answer and resolve it before its deadline.</summary>
[Collection(nameof(ServicingCollection))]
public sealed class ComplaintTests(ServicingFactory app)
{
    private const string Mine = "/api/complaints";
    private const string Staff = "/api/staff/complaints";

    private static async Task<ComplaintView> Do(HttpClient staff, Guid id, string action, Func<Guid, object> body) =>
        await Applicants.Read<ComplaintView>(await staff.SendAsync(Api.Post($"{Staff}/{id}/{action}",
            body((await Applicants.Read<ComplaintView>(await staff.GetAsync($"{Staff}/{id}"))).ConcurrencyStamp))));

    [Fact]
    public async Task A_complaint_is_opened_answered_and_resolved_and_the_customer_follows_it()
    {
        var (customer, _, loan) = await Borrowers.DisbursedAsync(app);
        var opened = await Applicants.Read<ComplaintView>(await customer.SendAsync(Api.Post(Mine, new NewComplaint
        {
            Category = ComplaintCategory.Fees, Description = "  The arrangement fee was not what I expected.  ", LoanId = loan.Id,
        })));
        Assert.Equal((ComplaintStatus.Open, "The arrangement fee was not what I expected.", loan.Reference), (opened.Status, opened.Description, opened.LoanReference));
        Assert.StartsWith("CP-", opened.Reference);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(15), opened.DueBy, TimeSpan.FromMilliseconds(1));
        Assert.False(opened.Overdue);

        var manager = await Borrowers.StaffAsync(app, "manager@demo.portal");
        Assert.Contains(await Applicants.Read<List<ComplaintRow>>(await manager.GetAsync(Staff)), r => r.Id == opened.Id && r.AssigneeName == null);
        var taken = await Do(manager, opened.Id, "assign", s => new AssignComplaint(null, s));
        Assert.Equal((ComplaintStatus.InProgress, "Zhang Min (customer manager)"), (taken.Status, taken.AssigneeName));
        Assert.Contains(await Applicants.Read<List<ComplaintRow>>(await manager.GetAsync($"{Staff}?mine=true")), r => r.Id == opened.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await manager.SendAsync(Api.Post($"{Staff}/{opened.Id}/answer", new ComplaintText { Text = "Stale", ConcurrencyStamp = opened.ConcurrencyStamp }))).StatusCode);

        var answered = await Do(manager, opened.Id, "answer", s => new ComplaintText { Text = "The 1% fee is in your contract, section 3.", ConcurrencyStamp = s });
        Assert.Equal(ComplaintStatus.Answered, answered.Status);
        var seen = await Applicants.Read<ComplaintView>(await customer.GetAsync($"{Mine}/{opened.Id}"));
        var answer = Assert.Single(seen.Messages);
        // The customer hears from the lender, not from a named member of staff, and sees nothing of staff's side.
        Assert.Equal((true, ""), (answer.FromStaff, answer.Author));
        Assert.Null(seen.AssigneeName);
        Assert.Null(seen.CustomerEmail);
        Assert.Contains((await Applicants.Read<Inbox>(await customer.GetAsync("/api/notifications"))).Items,
            n => n.Kind == NotificationKind.ComplaintAnswered && n.Reference == opened.Reference);

        var replied = await Applicants.Read<ComplaintView>(await customer.SendAsync(Api.Post($"{Mine}/{opened.Id}/messages", new ComplaintText { Text = "It says 1% capped; I paid more." })));
        Assert.Equal(ComplaintStatus.InProgress, replied.Status);

        var resolved = await Do(manager, opened.Id, "resolve", s => new ComplaintText { Text = "You are right: we refund ¥20 to your loan.", ConcurrencyStamp = s });
        Assert.Equal(ComplaintStatus.Resolved, resolved.Status);
        var final = await Applicants.Read<ComplaintView>(await customer.GetAsync($"{Mine}/{opened.Id}"));
        Assert.Equal("You are right: we refund ¥20 to your loan.", final.Resolution);
        Assert.Equal([true, false], final.Messages.Select(m => m.FromStaff));
        Assert.Equal(HttpStatusCode.Conflict, (await customer.SendAsync(Api.Post($"{Mine}/{opened.Id}/messages", new ComplaintText { Text = "One more thing" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await manager.SendAsync(Api.Post($"{Staff}/{opened.Id}/answer", new ComplaintText { Text = "More", ConcurrencyStamp = final.ConcurrencyStamp }))).StatusCode);
        Assert.Equal(opened.Id, Assert.Single(await Applicants.Read<List<ComplaintView>>(await customer.GetAsync(Mine))).Id);
    }

    [Fact]
    public async Task Careless_and_hostile_complaints_are_refused_and_nobody_reaches_another_customers()
    {
        var (someone, _, theirLoan) = await Borrowers.DisbursedAsync(app);
        var customer = await app.SignedInAsync(Roles.Customer);

        var tooShort = await customer.SendAsync(Api.Post(Mine, new NewComplaint { Category = ComplaintCategory.Service, Description = "Bad" }));
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains(nameof(NewComplaint.Description), (await Api.ErrorsAsync(tooShort)).Keys);
        var notTheirs = await customer.SendAsync(Api.Post(Mine, new NewComplaint { Category = ComplaintCategory.Fees, Description = "About someone else's loan", LoanId = theirLoan.Id }));
        Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);
        Assert.Contains(nameof(NewComplaint.LoanId), (await Api.ErrorsAsync(notTheirs)).Keys);
        var oddCategory = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Post, Mine)
        {
            Content = JsonContent.Create(new { Category = 42, Description = "A category that does not exist" }), Headers = { { "X-Portal-Csrf", "1" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, oddCategory.StatusCode);

        var theirs = await Applicants.Read<ComplaintView>(await someone.SendAsync(Api.Post(Mine, new NewComplaint { Category = ComplaintCategory.Service, Description = "Nobody called me back." })));
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync($"{Mine}/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.SendAsync(Api.Post($"{Mine}/{theirs.Id}/messages", new ComplaintText { Text = "Hello" }))).StatusCode);
        Assert.DoesNotContain(await Applicants.Read<List<ComplaintView>>(await customer.GetAsync(Mine)), c => c.Id == theirs.Id);

        // Staff without the permission, and customers, never see the queue.
        foreach (var role in new[] { Roles.ProductManager, Roles.Marketing, Roles.Approver, Roles.Customer })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(role)).GetAsync(Staff)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlessClient().GetAsync(Mine)).StatusCode);

        // A manager takes work; only a supervisor gives it to someone, and only to someone who handles complaints.
        var manager = await Borrowers.StaffAsync(app, "manager@demo.portal");
        var supervisor = await Borrowers.StaffAsync(app, "supervisor@demo.portal");
        var handlers = await Applicants.Read<List<ComplaintHandler>>(await supervisor.GetAsync($"{Staff}/handlers"));
        var managerId = handlers.Single(h => h.Name.StartsWith("Zhang Min")).Id;
        var supervisorId = handlers.Single(h => h.Name.StartsWith("Xu Na")).Id;
        var stamp = (await Applicants.Read<ComplaintView>(await manager.GetAsync($"{Staff}/{theirs.Id}"))).ConcurrencyStamp;
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.SendAsync(Api.Post($"{Staff}/{theirs.Id}/assign", new AssignComplaint(supervisorId, stamp)))).StatusCode);
        var productManagerId = await app.UserIdAsync("product@demo.portal");
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.SendAsync(Api.Post($"{Staff}/{theirs.Id}/assign", new AssignComplaint(productManagerId, stamp)))).StatusCode);
        var given = await Do(supervisor, theirs.Id, "assign", s => new AssignComplaint(managerId, s));
        Assert.Equal(managerId, given.AssigneeId);
    }

    [Fact]
    public async Task A_complaint_past_its_deadline_is_overdue_until_resolved()
    {
        var email = await app.CreateUserAsync(Roles.Customer);
        var customer = await Borrowers.CustomerAgainAsync(app, email);
        var opened = await Applicants.Read<ComplaintView>(await customer.SendAsync(Api.Post(Mine, new NewComplaint { Category = ComplaintCategory.Service, Description = "Waiting for a call back." })));
        Borrowers.MoveClockTo(app, Borrowers.Today(app).AddDays(16), new TimeOnly(9, 0));
        // Sessions lapse over two weeks: both sign in again.
        customer = await Borrowers.CustomerAgainAsync(app, email);

        var supervisor = await Borrowers.StaffAsync(app, "supervisor@demo.portal");
        Assert.True((await Applicants.Read<ComplaintView>(await customer.GetAsync($"{Mine}/{opened.Id}"))).Overdue);
        Assert.Contains(await Applicants.Read<List<ComplaintRow>>(await supervisor.GetAsync($"{Staff}?overdue=true")), r => r.Id == opened.Id && r.Overdue);
        await Do(supervisor, opened.Id, "resolve", s => new ComplaintText { Text = "We called you on Monday; sorry for the wait.", ConcurrencyStamp = s });
        Assert.False((await Applicants.Read<ComplaintView>(await customer.GetAsync($"{Mine}/{opened.Id}"))).Overdue);
        Assert.DoesNotContain(await Applicants.Read<List<ComplaintRow>>(await supervisor.GetAsync($"{Staff}?overdue=true")), r => r.Id == opened.Id);
    }

}
