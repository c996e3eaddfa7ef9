extern alias client;
using client::Portal.Client.Features.Audit;
using client::Portal.Client.Features.Casework;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Audit;
using Portal.Shared.Features.Casework;

namespace Portal.Server.Tests.Casework;

[Collection(nameof(PortalCollection))]
public sealed class QueueTests(PortalFactory app)
{
    private const string Queue = "/api/staff/applications";

    private async Task<HttpClient> SupervisorAsync()
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync("supervisor@demo.portal");
        return client;
    }

    /// <summary>A page of the queue through the queue page's own client, so the query it builds is the one tested.</summary>
    private static Task<QueuePage> Page(HttpClient staff, QueueQuery query) => ClientApi.Of<WorkQueueHttpClient>(staff).QueueAsync(query);

    [Fact]
    public async Task The_queue_filters_searches_sorts_and_pages_without_repeating_or_skipping()
    {
        // Three applicants with a surname of their own, so other tests' applications never match the search.
        var surname = "Q" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<Guid>();
        foreach (var (given, amount) in new[] { ("Ann", 20_000m), ("Bo", 90_000m), ("Cai", 55_000m) })
        {
            var (_, view) = await Applicants.SubmittedAsync(app, answers: d =>
            {
                Applicants.Complete(d, amount);
                d.FullName = $"{surname} {given}";
                return d;
            });
            ids.Add(view.Id);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var staff = await SupervisorAsync();

        // Search by the start of the name, case-insensitive; oldest first; two per page.
        var first = await Page(staff, new() { Search = surname.ToLowerInvariant(), PageSize = 2 });
        Assert.Equal(ids[..2], first.Rows.Select(r => r.Id));
        Assert.NotNull(first.Next);
        var second = await Page(staff, new() { Search = surname, PageSize = 2, After = first.Next });
        Assert.Equal([ids[2]], second.Rows.Select(r => r.Id));
        Assert.Null(second.Next);

        var nobody = await Page(staff, new() { Search = $"{surname}zz", Sort = QueueSort.LargestFirst });
        Assert.Empty(nobody.Rows);
        Assert.Null(nobody.Next);

        var byName = await Page(staff, new() { Search = surname, Sort = QueueSort.Name, PageSize = 2 });
        Assert.Equal(ids[..2], byName.Rows.Select(r => r.Id));
        Assert.Equal([ids[2]], (await Page(staff, new() { Search = surname, Sort = QueueSort.Name, PageSize = 2, After = byName.Next })).Rows.Select(r => r.Id));

        var largest = await Page(staff, new() { Search = surname, Sort = QueueSort.LargestFirst });
        Assert.Equal([90_000m, 55_000m, 20_000m], largest.Rows.Select(r => r.Amount));
        var largestFirstTwo = await Page(staff, new() { Search = surname, Sort = QueueSort.LargestFirst, PageSize = 2 });
        Assert.Equal([90_000m, 55_000m], largestFirstTwo.Rows.Select(r => r.Amount));
        Assert.Equal([20_000m], (await Page(staff, new() { Search = surname, Sort = QueueSort.LargestFirst, PageSize = 2, After = largestFirstTwo.Next })).Rows.Select(r => r.Amount));
        var newest = await Page(staff, new() { Search = surname, Sort = QueueSort.NewestFirst, PageSize = 1 });
        Assert.Equal(ids[2], Assert.Single(newest.Rows).Id);
        var newestNext = await Page(staff, new() { Search = surname, Sort = QueueSort.NewestFirst, PageSize = 1, After = newest.Next });
        Assert.Equal(ids[1], Assert.Single(newestNext.Rows).Id);

        // By reference, by state, by assignee, by product, by age.
        var reference = (await Applicants.Read<CaseView>(await staff.GetAsync($"{Queue}/{ids[1]}"))).Reference;
        Assert.Equal(ids[1], Assert.Single((await Page(staff, new() { Search = reference.ToLowerInvariant() })).Rows).Id);
        var bo = await Applicants.Read<CaseView>(await staff.GetAsync($"{Queue}/{ids[1]}"));
        var manager = await app.UserIdAsync("manager@demo.portal");
        var assigned = await Applicants.Read<CaseView>(await staff.SendAsync(Api.Post($"{Queue}/{ids[1]}/assign", new AssignCase(manager, bo.ConcurrencyStamp))));
        Assert.Equal("Zhang Min (customer manager)", assigned.AssigneeName);
        Assert.Equal([ids[1]], (await Page(staff, new() { Search = surname, Assignee = manager })).Rows.Select(r => r.Id));
        Assert.Equal([ids[0], ids[2]], (await Page(staff, new() { Search = surname, Assignee = "none" })).Rows.Select(r => r.Id));
        Assert.Equal(3, (await Page(staff, new() { Search = surname, State = ApplicationState.Submitted, Product = "everyday-personal-loan" })).Rows.Count);
        Assert.Empty((await Page(staff, new() { Search = surname, Product = "start-up-business-loan" })).Rows);
        Assert.Empty((await Page(staff, new() { Search = surname, MinAgeDays = 1 })).Rows);
        using (var scope = app.Services.CreateScope())
        {
            // Two days older, as if submitted then (the shared clock stays put for the other tests).
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            foreach (var row in await db.Applications.Where(a => ids.Contains(a.Id)).ToListAsync()) row.SubmittedAt = row.SubmittedAt!.Value.AddDays(-2);
            await db.SaveChangesAsync();
        }
        Assert.Equal(3, (await Page(staff, new() { Search = surname, MinAgeDays = 1 })).Rows.Count);

        // A tampered cursor is a clear 400, not a 500.
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"{Queue}?after=not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"{Queue}?pageSize=1000")).StatusCode);
    }

    [Fact]
    public async Task Self_assignment_takes_only_an_unassigned_case()
    {
        var (_, view) = await Applicants.SubmittedAsync(app);
        var risk = app.CreateBrowserlessClient();
        await risk.SignInAsync("risk@demo.portal");
        var me = await app.UserIdAsync("risk@demo.portal");
        var taken = await Applicants.Read<CaseView>(await risk.SendAsync(Api.Post($"{Queue}/{view.Id}/assign", new AssignCase(me, (await Applicants.Read<CaseView>(await risk.GetAsync($"{Queue}/{view.Id}"))).ConcurrencyStamp))));
        Assert.Equal(me, taken.AssigneeId);
        var manager = app.CreateBrowserlessClient();
        await manager.SignInAsync("manager@demo.portal");
        var managerId = await app.UserIdAsync("manager@demo.portal");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.SendAsync(Api.Post($"{Queue}/{view.Id}/assign", new AssignCase(managerId, taken.ConcurrencyStamp)))).StatusCode);
    }

    [Fact]
    public async Task Supervisors_read_the_audit_log_with_filters()
    {
        var (_, view) = await Applicants.SubmittedAsync(app);
        var staff = await SupervisorAsync();
        // Through the audit page's own client, so the query it builds is the one tested.
        var audit = ClientApi.Of<AuditHttpClient>(staff);
        var page = await audit.ReadAsync(new() { Reference = view.Reference, Action = "Submit" });
        var entry = Assert.Single(page.Rows);
        Assert.Equal("Submit", entry.Action);
        Assert.Contains("\"State\":\"Draft\"", entry.Before);
        Assert.Contains("\"State\":\"Submitted\"", entry.After);
        // Days are the lender's days, as the times are shown.
        var today = app.Services.GetRequiredService<Portal.Server.Infrastructure.LocalCalendar>().Today;
        Assert.Single((await audit.ReadAsync(new() { Reference = view.Reference, Action = "Submit", From = today, To = today })).Rows);
        Assert.Empty((await audit.ReadAsync(new() { Reference = view.Reference, From = today.AddDays(1) })).Rows);
        await Applicants.SubmittedAsync(app); // a second submission, so paging has somewhere to go even when this test runs alone
        var byAction = await audit.ReadAsync(new() { Action = "Submit", PageSize = 1 });
        Assert.Single(byAction.Rows);
        Assert.NotNull(byAction.Next);
        var next = await audit.ReadAsync(new() { Action = "Submit", PageSize = 1, Before = byAction.Next });
        Assert.True(next.Rows[0].Id < byAction.Rows[0].Id);
    }
}
