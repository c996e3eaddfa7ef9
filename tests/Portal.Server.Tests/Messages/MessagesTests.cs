using System.Net;
using MimeKit;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Messages;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Messages;

[Collection(nameof(PortalCollection))]
public sealed class MessagesTests(PortalFactory app)
{
    private async Task<HttpClient> StaffAsync(string email)
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email);
        return client;
    }

    [Fact]
    public async Task Customer_and_staff_talk_on_an_application_with_unread_counts_and_nobody_else_reads_it()
    {
        var (customer, view) = await Applicants.SubmittedAsync(app);
        var manager = await StaffAsync("manager@demo.portal");
        var thread = $"/api/messages/applications/{view.Id}";
        var staffThread = $"/api/staff/messages/applications/{view.Id}";

        await Applicants.Read<ThreadView>(await customer.SendAsync(Api.Post(thread, new SendMessage("Can I repay early without a fee?"))));
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.SendAsync(Api.Post(thread, new SendMessage("")))).StatusCode);

        // The queue shows that the customer wrote.
        var row = (await Applicants.Read<QueuePage>(await manager.GetAsync($"/api/staff/applications?search={view.Reference}"))).Rows.Single();
        Assert.Equal(1, row.UnreadMessages);
        var seen = await Applicants.Read<ThreadView>(await manager.GetAsync(staffThread));
        var question = Assert.Single(seen.Messages);
        Assert.True(question.Unread);
        Assert.False(question.FromStaff);
        await manager.SendAsync(Api.Post(staffThread, new SendMessage("Yes: the fee is 2%, at most 2,000.")));
        Assert.All((await Applicants.Read<ThreadView>(await manager.GetAsync(staffThread))).Messages, m => Assert.False(m.Unread));

        var threads = await Applicants.Read<List<ThreadSummary>>(await customer.GetAsync("/api/messages"));
        Assert.Equal(1, Assert.Single(threads).Unread);
        var read = await Applicants.Read<ThreadView>(await customer.GetAsync(thread));
        Assert.Equal("Zhang Min (customer manager)", read.Messages[1].Sender);
        Assert.Equal(0, Assert.Single(await Applicants.Read<List<ThreadSummary>>(await customer.GetAsync("/api/messages"))).Unread);

        // Another customer gets nothing, whether reading or writing; a customer cannot use the staff side.
        var stranger = await app.SignedInAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(thread)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(Api.Post(thread, new SendMessage("hello")))).StatusCode);
        Assert.Empty(await Applicants.Read<List<ThreadSummary>>(await stranger.GetAsync("/api/messages")));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(staffThread)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await StaffAsync("marketing@demo.portal")).GetAsync(staffThread)).StatusCode);
    }

    [Fact]
    public async Task Product_questions_go_to_product_managers_and_the_answer_comes_back()
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        await Applicants.Read<ThreadView>(await customer.SendAsync(Api.Post("/api/messages/products/salary-advance", new SendMessage("Is the service fee charged every month?"))));
        var product = await StaffAsync("product@demo.portal");
        var questions = await Applicants.Read<List<ThreadSummary>>(await product.GetAsync("/api/staff/messages/product-questions"));
        var mine = questions.First(q => q.Unread > 0 && q.LastText.StartsWith("Is the service fee"));
        var path = $"/api/staff/messages/product-questions/{mine.CustomerId}/salary-advance";
        await Applicants.Read<ThreadView>(await product.SendAsync(Api.Post(path, new SendMessage("Yes, 0.2% of the amount with each instalment."))));

        var answer = await Applicants.Read<ThreadView>(await customer.GetAsync("/api/messages/products/salary-advance"));
        Assert.Equal(2, answer.Messages.Count);
        Assert.True(answer.Messages[1].FromStaff);
        // Only product managers see the questions.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await StaffAsync("manager@demo.portal")).GetAsync("/api/staff/messages/product-questions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync("/api/messages/products/no-such-product")).StatusCode);
    }

    [Fact]
    public async Task Each_staff_step_notifies_the_customer_in_the_portal_and_by_an_email_that_says_only_that_something_is_new()
    {
        var (customer, view) = await Applicants.SubmittedAsync(app);
        var before = await Applicants.Read<Inbox>(await customer.GetAsync("/api/notifications"));
        Assert.Equal(0, before.Unread); // the customer's own submission is no news to them

        var manager = await StaffAsync("manager@demo.portal");
        await Applicants.Read<CaseView>(await manager.SendAsync(Api.Post($"/api/staff/applications/{view.Id}/start-review", new CaseCommand(view.ConcurrencyStamp))));
        var inbox = await Applicants.Read<Inbox>(await customer.GetAsync("/api/notifications"));
        var news = Assert.Single(inbox.Items);
        Assert.Equal((NotificationKind.StateChanged, ApplicationState.InitialReview, view.Reference, $"applications/{view.Id}"), (news.Kind, news.State, news.Reference, news.Link));
        Assert.Equal(1, inbox.Unread);

        // The email goes out from the notification, once however often the mailer runs, and tells nothing of the case.
        var me = await CustomerEmailAsync(view.Id);
        await app.DeliverMailAsync();
        await app.DeliverMailAsync();
        var mail = Assert.Single(Mails(), m => m.To.Mailboxes.Any(b => b.Address == me));
        Assert.DoesNotContain(view.Reference, mail.TextBody);
        Assert.Contains($"{PortalFactory.PublicBaseUrl}notifications", mail.TextBody);

        Assert.Equal(HttpStatusCode.NoContent, (await customer.SendAsync(Api.Post("/api/notifications/read"))).StatusCode);
        Assert.Equal(0, (await Applicants.Read<Inbox>(await customer.GetAsync("/api/notifications"))).Unread);
    }

    private IEnumerable<MimeMessage> Mails() =>
        Directory.Exists(app.MailFolder) ? Directory.GetFiles(app.MailFolder, "*.eml").Select(f => MimeMessage.Load(f)) : [];

    private async Task<string> CustomerEmailAsync(Guid applicationId)
    {
        var supervisor = await StaffAsync("supervisor@demo.portal");
        return (await Applicants.Read<CaseView>(await supervisor.GetAsync($"/api/staff/applications/{applicationId}"))).CustomerEmail;
    }
}
