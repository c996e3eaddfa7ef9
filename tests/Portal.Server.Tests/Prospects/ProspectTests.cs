extern alias client;
using client::Portal.Client;
using client::Portal.Client.Features.Prospects;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Server.Tests.Loans;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Prospects;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Prospects;

public sealed class ProspectsFactory : PortalFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Security:ContactRequestsPerAddress", "10000")];
}

[CollectionDefinition(nameof(ProspectsCollection))]
public sealed class ProspectsCollection : ICollectionFixture<ProspectsFactory>;

/// <summary>Prospects (SPEC 2.9): the site's requests, managers' entries, duplicates and merges, contact and its stops, who sees what.</summary>
[Collection(nameof(ProspectsCollection))]
public sealed class ProspectTests(ProspectsFactory app)
{
    private static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private async Task<ProspectsHttpClient> StaffAsync(string email) => ClientApi.Of<ProspectsHttpClient>(await Borrowers.StaffAsync(app, email));
    private ProspectsHttpClient Visitor() => ClientApi.Of<ProspectsHttpClient>(app.CreateBrowserlessClient());

    private static async Task<HttpStatusCode> StatusOf(Func<Task> call) => (await Assert.ThrowsAsync<ApiProblemException>(call)).Status;

    public static ProspectEdit Entry(string name, string? phone = null, string? email = null, string? region = null) => new()
    {
        Kind = ApplicantType.Individual, Name = name, Phone = phone, Email = email, Region = region,
        ConsentBasis = ConsentBasis.GaveDetailsInPerson, ConsentOn = new DateOnly(2026, 11, 1),
    };

    [Fact]
    public async Task A_visitor_asks_to_be_contacted_and_a_manager_takes_it_logs_a_call_and_reads_its_history()
    {
        var phone = NewPhone();
        await Visitor().AskToBeContactedAsync(new ContactMeRequest
        {
            Kind = ApplicantType.Individual, Name = "  Gao Yan  ", Phone = $"+86 {phone[..3]}-{phone[3..7]}-{phone[7..]}", Region = "Pudong",
            Message = "Please call after 6 pm <b>thanks</b>", Product = "everyday-personal-loan", Consent = true,
            Eligibility = new EligibilityAnswers(34, 12_000m, 5, 50_000m, 24),
        });

        var manager = await StaffAsync("manager@demo.portal");
        var row = Assert.Single((await manager.ListAsync(new ProspectQuery { Search = phone, Owner = ProspectOwner.Nobody })).Items);
        Assert.Equal(("Gao Yan", ProspectSource.Website, ScreeningResult.Unscreened, ProspectStage.New), (row.Name, row.Source, row.Screening, row.Stage));
        var seen = await manager.GetAsync(row.Id);
        Assert.Equal(("eligibility:everyday-personal-loan", ConsentBasis.AskedToBeContacted, 12_000m), (seen.SourceDetail, seen.ConsentBasis, seen.MonthlyIncome));
        var request = Assert.Single(seen.Contacts);
        Assert.Equal((ProspectChannel.Website, ProspectOutcome.AskedToBeContacted), (request.Channel, request.Outcome));
        Assert.Contains("Please call after 6 pm <b>thanks</b>", request.Note); // kept as the visitor's text; the page shows it as text
        Assert.Contains("age 34", request.Note);
        Assert.True(seen.CanTake);

        var taken = await manager.AssignAsync(row.Id, new AssignProspect(null, seen.ConcurrencyStamp));
        Assert.Equal("Zhang Min (customer manager)", taken.OwnerName);
        var today = Borrowers.Today(app);
        var called = await manager.LogContactAsync(row.Id, new LogContact
        {
            Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Interested, Note = "Wants 50k over two years",
            NextStepOn = today.AddDays(2), NextStep = "Send the invitation", ConcurrencyStamp = taken.ConcurrencyStamp,
        });
        Assert.Equal((ProspectStage.Interested, today.AddDays(2), "Send the invitation"), (called.Stage, called.NextStepOn, called.NextStep));
        Assert.Equal(2, called.Contacts.Count);
        Assert.Equal(["LogProspectContact", "TakeProspect", "AskedToBeContacted"], called.History.Select(h => h.Action));
        Assert.Contains((await manager.ListAsync(new ProspectQuery { Owner = ProspectOwner.Me, Sort = ProspectSort.NextStep })).Items, r => r.Id == row.Id);

        var past = await StatusOf(() => manager.LogContactAsync(row.Id, new LogContact
        {
            Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Reached, NextStepOn = today.AddDays(-1), NextStep = "Yesterday",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, past);
    }

    [Fact]
    public async Task The_same_person_asking_twice_is_one_prospect_a_bot_is_thanked_and_ignored_and_careless_requests_say_why()
    {
        var phone = NewPhone();
        var visitor = Visitor();
        await visitor.AskToBeContactedAsync(new ContactMeRequest { Name = "Tang Li", Phone = phone, Consent = true });
        await visitor.AskToBeContactedAsync(new ContactMeRequest { Name = "Tang Li", Phone = $"0086 {phone}", Email = "Tang.Li@Example.com", Consent = true });
        var manager = await StaffAsync("manager@demo.portal");
        var row = Assert.Single((await manager.ListAsync(new ProspectQuery { Search = phone })).Items);
        var seen = await manager.GetAsync(row.Id);
        // The second request is logged on the first's prospect; what it adds (an email) stays in its note, since anyone can type a phone number.
        Assert.Equal(((string?)null, 2), (seen.Email, seen.Contacts.Count));
        Assert.Contains("Tang.Li@Example.com", seen.Contacts[0].Note);

        var bot = $"bot-{Guid.NewGuid():N}@example.com";
        await visitor.AskToBeContactedAsync(new ContactMeRequest { Name = "Bot", Email = bot, Consent = true, Website = "http://spam.example" });
        Assert.Empty((await manager.ListAsync(new ProspectQuery { Search = bot })).Items);

        var noConsent = await Assert.ThrowsAsync<ApiProblemException>(() => visitor.AskToBeContactedAsync(new ContactMeRequest { Name = "No Consent", Phone = NewPhone() }));
        Assert.Contains(nameof(ContactMeRequest.Consent), noConsent.Errors.Keys);
        var noWay = await Assert.ThrowsAsync<ApiProblemException>(() => visitor.AskToBeContactedAsync(new ContactMeRequest { Name = "Nowhere", Consent = true }));
        Assert.Contains(nameof(ContactMeRequest.Phone), noWay.Errors.Keys);
        var huge = await Assert.ThrowsAsync<ApiProblemException>(() => visitor.AskToBeContactedAsync(new ContactMeRequest { Name = new string('x', 5000), Phone = NewPhone(), Consent = true }));
        Assert.Contains(nameof(ContactMeRequest.Name), huge.Errors.Keys);

        // Without the header only the site's own script sends, the request is refused (a cross-site form cannot add it).
        var bare = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/prospects/contact-me", new ContactMeRequest { Name = "Form", Phone = NewPhone(), Consent = true });
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
    }

    [Fact]
    public async Task Managers_see_their_own_and_the_unassigned_and_of_two_taking_at_once_one_wins_and_the_other_is_told_who()
    {
        var supervisor = await StaffAsync("supervisor@demo.portal");
        var created = await supervisor.CreateAsync(Entry("Wen Qing", NewPhone()));
        Assert.Null(created.OwnerId); // a supervisor's entry waits for assignment

        var zhang = await StaffAsync("manager@demo.portal");
        var huang = await StaffAsync("manager2@demo.portal");
        var seenByZhang = await zhang.GetAsync(created.Id);
        var seenByHuang = await huang.GetAsync(created.Id);
        await zhang.AssignAsync(created.Id, new AssignProspect(null, seenByZhang.ConcurrencyStamp));
        var late = await Assert.ThrowsAsync<ApiProblemException>(() => huang.AssignAsync(created.Id, new AssignProspect(null, seenByHuang.ConcurrencyStamp)));
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Contains("Zhang Min", late.Message);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(() => huang.GetAsync(created.Id)));
        Assert.DoesNotContain((await huang.ListAsync(new ProspectQuery { PageSize = 100 })).Items, r => r.Id == created.Id);
        // ... nor may a manager give one away or log on someone else's.
        var own = await huang.CreateAsync(Entry("Huang's find", NewPhone()));
        var zhangId = await app.UserIdAsync("manager@demo.portal");
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(() => huang.AssignAsync(own.Id, new AssignProspect(zhangId, own.ConcurrencyStamp))));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(() => huang.LogContactAsync(created.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Reached })));

        var all = await supervisor.GetAsync(created.Id);
        Assert.Equal("Zhang Min (customer manager)", all.OwnerName);
        var given = await supervisor.AssignAsync(created.Id, new AssignProspect(await app.UserIdAsync("manager2@demo.portal"), all.ConcurrencyStamp));
        Assert.Equal("Huang Lei (customer manager)", given.OwnerName);
        var riskId = await app.UserIdAsync("risk@demo.portal");
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() => supervisor.AssignAsync(created.Id, new AssignProspect(riskId, given.ConcurrencyStamp))));

        // Those without the permission reach nothing: not the product manager (criteria only), not a customer.
        foreach (var who in new[] { "product@demo.portal", "marketing@demo.portal" })
            Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(async () => await (await StaffAsync(who)).ListAsync(new ProspectQuery())));
        var customer = ClientApi.Of<ProspectsHttpClient>(await app.SignedInAsync(Roles.Customer));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(() => customer.GetAsync(created.Id)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => Visitor().ListAsync(new ProspectQuery())));
    }

    [Fact]
    public async Task An_entry_finds_its_duplicates_and_a_merge_keeps_every_contact_and_the_earliest_consent()
    {
        var manager = await StaffAsync("manager@demo.portal");
        var phone = NewPhone();
        var name = $"Merge Case {Guid.NewGuid():N}"[..24];
        var first = await manager.CreateAsync(Entry(name, phone));
        var again = Entry(name, $"+86 {phone}");
        var match = Assert.Single(await manager.MatchesAsync(again));
        Assert.Equal((first.Id, "Phone"), (match.Id, match.Matched));
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => manager.CreateAsync(again));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains(first.Reference, refused.Message);

        var earlier = Entry(name, email: $"{Guid.NewGuid():N}@example.com");
        earlier.ConsentOn = new DateOnly(2026, 6, 1);
        earlier.ConsentBasis = ConsentBasis.Referral;
        var second = await manager.CreateAsync(earlier);
        Assert.Contains(second.PossibleDuplicates, d => d.Id == first.Id);
        var logged = await manager.LogContactAsync(second.Id, new LogContact { Channel = ProspectChannel.Email, Outcome = ProspectOutcome.NoAnswer, ConcurrencyStamp = second.ConcurrencyStamp });
        await manager.LogContactAsync(first.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Reached, ConcurrencyStamp = first.ConcurrencyStamp });

        // A merge racing a contact: the contact logged on the other after the merge's page read it makes the merge look again.
        var firstNow = await manager.GetAsync(first.Id);
        await manager.LogContactAsync(second.Id, new LogContact { Channel = ProspectChannel.Message, Outcome = ProspectOutcome.Interested });
        Assert.Equal(HttpStatusCode.Conflict, await StatusOf(() => manager.MergeAsync(first.Id, new MergeProspects(second.Id, firstNow.ConcurrencyStamp, logged.ConcurrencyStamp))));

        var secondNow = await manager.GetAsync(second.Id);
        var merged = await manager.MergeAsync(first.Id, new MergeProspects(second.Id, firstNow.ConcurrencyStamp, secondNow.ConcurrencyStamp));
        Assert.Equal((phone, secondNow.Email, new DateOnly(2026, 6, 1), ConsentBasis.Referral, ProspectStage.Interested),
            (merged.Phone, merged.Email, merged.ConsentOn, merged.ConsentBasis, merged.Stage));
        Assert.Equal(3, merged.Contacts.Count);
        Assert.Empty(merged.PossibleDuplicates);
        var gone = await manager.GetAsync(second.Id);
        Assert.Equal((first.Id, false), (gone.MergedIntoId, gone.CanContact));
        Assert.DoesNotContain((await manager.ListAsync(new ProspectQuery { Search = name })).Items, r => r.Id == second.Id);

        // A contact logged from a page opened before the merge lands on the prospect it was merged into.
        var late = await manager.LogContactAsync(second.Id, new LogContact { Channel = ProspectChannel.Visit, Outcome = ProspectOutcome.Reached, ConcurrencyStamp = secondNow.ConcurrencyStamp });
        Assert.Equal((first.Id, 4), (late.Id, late.Contacts.Count));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() => manager.MergeAsync(first.Id, new MergeProspects(first.Id, late.ConcurrencyStamp, late.ConcurrencyStamp))));
    }

    [Fact]
    public async Task Today_lists_a_managers_overdue_and_due_follow_ups_and_what_is_new_for_them()
    {
        var email = await app.CreateUserAsync([Roles.CustomerManager], null, "Today Manager");
        var manager = ClientApi.Of<ProspectsHttpClient>(await Borrowers.StaffAsync(app, email));
        var today = Borrowers.Today(app);
        var due = await manager.CreateAsync(Entry("Due today", NewPhone()));
        await manager.LogContactAsync(due.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Reached, NextStepOn = today, NextStep = "Call back" });
        var late = await manager.CreateAsync(Entry("Overdue", NewPhone()));
        await manager.LogContactAsync(late.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.NoAnswer, NextStepOn = today, NextStep = "Try again" });
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<Portal.Server.Features.Prospects.Prospect>()
                .Where(p => p.Id == late.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.NextStepOn, today.AddDays(-3)));
        var later = await manager.CreateAsync(Entry("Later", NewPhone()));
        await manager.LogContactAsync(later.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Reached, NextStepOn = today.AddDays(5), NextStep = "Visit" });
        var supervisor = await StaffAsync("supervisor@demo.portal");
        var given = await supervisor.CreateAsync(Entry("Given to them", NewPhone()));
        await supervisor.AssignAsync(given.Id, new AssignProspect(await app.UserIdAsync(email), given.ConcurrencyStamp));

        var day = await manager.TodayAsync();
        Assert.Equal(today, day.Today);
        Assert.Equal(["Overdue"], day.Overdue.Select(r => r.Name));
        Assert.Equal([("Due today", "Call back")], day.DueToday.Select(r => (r.Name, r.NextStep)));
        Assert.Equal(["Given to them"], day.NewForMe.Select(r => r.Name));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(async () => await ClientApi.Of<ProspectsHttpClient>(await Borrowers.StaffAsync(app, "risk@demo.portal")).TodayAsync()));
    }

    [Fact]
    public async Task Do_not_contact_stops_every_contact_and_only_staff_lift_it_even_when_a_visitor_asks_again()
    {
        var manager = await StaffAsync("manager@demo.portal");
        var email = $"{Guid.NewGuid():N}@example.com";
        var p = await manager.CreateAsync(Entry("Stop Me", email: email));
        var stopped = await manager.StopContactAsync(p.Id, new StopContact { Stop = ContactStop.DoNotContact, Reason = "Asked on the phone", ConcurrencyStamp = p.ConcurrencyStamp });
        Assert.Equal((false, ContactStop.DoNotContact, "Asked on the phone"), (stopped.CanContact, stopped.Stopped, stopped.StopReason));
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => manager.LogContactAsync(p.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Reached }));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("Asked on the phone", refused.Message);
        Assert.True((await manager.ListAsync(new ProspectQuery { Search = email })).Items.Single().ContactStopped);

        // Anyone can type an email address: a request from the site is logged on the prospect, but lifts no stop.
        await Visitor().AskToBeContactedAsync(new ContactMeRequest { Name = "Stop Me", Email = email.ToUpperInvariant(), Phone = NewPhone(), Consent = true });
        var asked = await manager.GetAsync(p.Id);
        Assert.Equal((false, ContactStop.DoNotContact, null), (asked.CanContact, asked.Stopped, asked.Phone));
        Assert.Contains("Contact is stopped", asked.Contacts[0].Note);
        // Staff lift it once they have checked with the person, with the reason.
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() => manager.ResumeContactAsync(p.Id, new ResumeContact { Reason = "", ConcurrencyStamp = asked.ConcurrencyStamp })));
        var resumed = await manager.ResumeContactAsync(p.Id, new ResumeContact { Reason = "Called them back: they want an offer", ConcurrencyStamp = asked.ConcurrencyStamp });
        Assert.Equal((true, null, ConsentBasis.AskedToBeContacted), (resumed.CanContact, resumed.Stopped, resumed.ConsentBasis));
        Assert.Equal(HttpStatusCode.Conflict, await StatusOf(() => manager.ResumeContactAsync(p.Id, new ResumeContact { Reason = "Again", ConcurrencyStamp = resumed.ConcurrencyStamp })));

        // A call where they say "never again" stops it too.
        var never = await manager.LogContactAsync(p.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.DoNotContact, NextStepOn = Borrowers.Today(app).AddDays(3), NextStep = "Call back" });
        Assert.Equal((ContactStop.DoNotContact, (DateOnly?)null), (never.Stopped, never.NextStepOn));
    }

    [Fact]
    public async Task Screening_marks_targets_not_now_with_the_failed_criterion_and_excluded_in_one_run()
    {
        var region = $"R-{Guid.NewGuid():N}"[..12];
        var product = ClientApi.Of<ScreeningHttpClient>(await Borrowers.StaffAsync(app, "product@demo.portal"));
        var criteria = await product.SaveCriteriaAsync(null, new ScreeningCriteriaEdit
        {
            Name = $"Salaried in {region}", Kind = ApplicantType.Individual, Regions = [region], MinMonthlyIncome = 8_000m, MinAge = 25, MaxAge = 55,
        });
        var manager = await StaffAsync("manager@demo.portal");
        async Task<ProspectView> Make(string name, Action<ProspectEdit> set)
        {
            var e = Entry(name, NewPhone(), region: region);
            e.BirthDate = new DateOnly(1990, 5, 1);
            e.MonthlyIncome = 9_000m;
            set(e);
            return await manager.CreateAsync(e);
        }
        var target = await Make("Target", _ => { });
        var poor = await Make("Low income", e => e.MonthlyIncome = 5_000m);
        var elsewhere = await Make("Elsewhere", e => e.Region = region + "-x");
        var young = await Make("Young", e => e.BirthDate = Borrowers.Today(app).AddYears(-20));
        var business = await Make("A business", e => e.Kind = ApplicantType.Business);
        var stopped = await Make("Stopped", _ => { });
        await manager.StopContactAsync(stopped.Id, new StopContact { Stop = ContactStop.ConsentWithdrawn, Reason = "Withdrew by email", ConcurrencyStamp = stopped.ConcurrencyStamp });
        var worked = await Make("Being worked", e => e.MonthlyIncome = 1_000m);
        await manager.LogContactAsync(worked.Id, new LogContact { Channel = ProspectChannel.Call, Outcome = ProspectOutcome.Reached });

        var supervisor = ClientApi.Of<ScreeningHttpClient>(await Borrowers.StaffAsync(app, "supervisor@demo.portal"));
        var summary = await supervisor.ScreenAsync(new RunScreening(criteria.Id, ProspectSource.Manager, null));
        Assert.True(summary is { Target: >= 1, NotNow: >= 4, Excluded: >= 1 }, summary.ToString());

        async Task<(ScreeningResult, ScreeningReason)> Result(ProspectView p) { var v = await manager.GetAsync(p.Id); return (v.Screening, v.ScreeningReason); }
        Assert.Equal((ScreeningResult.Target, ScreeningReason.None), await Result(target));
        Assert.Equal((ScreeningResult.NotNow, ScreeningReason.Income), await Result(poor));
        Assert.Equal((ScreeningResult.NotNow, ScreeningReason.Region), await Result(elsewhere));
        Assert.Equal((ScreeningResult.NotNow, ScreeningReason.Age), await Result(young));
        Assert.Equal((ScreeningResult.Unscreened, ScreeningReason.None), await Result(business)); // criteria for people leave businesses alone
        Assert.Equal((ScreeningResult.Excluded, ScreeningReason.ConsentWithdrawn), await Result(stopped));
        Assert.Equal((ScreeningResult.Unscreened, ScreeningReason.None), await Result(worked));
        Assert.Equal(criteria.Name, (await manager.GetAsync(target.Id)).ScreenedBy);
        Assert.Contains((await manager.ListAsync(new ProspectQuery { Screening = ScreeningResult.Target, Region = region })).Items, r => r.Id == target.Id);

        // Customer managers do not screen; criteria that make no sense say why.
        var byManager = ClientApi.Of<ScreeningHttpClient>(await Borrowers.StaffAsync(app, "manager@demo.portal"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(() => byManager.ScreenAsync(new RunScreening(criteria.Id, null, null))));
        var reversed = await Assert.ThrowsAsync<ApiProblemException>(() => product.SaveCriteriaAsync(null, new ScreeningCriteriaEdit { Name = "Backwards", MinAge = 60, MaxAge = 30 }));
        Assert.Contains(nameof(ScreeningCriteriaEdit.MaxAge), reversed.Errors.Keys);
        var same = await Assert.ThrowsAsync<ApiProblemException>(() => product.SaveCriteriaAsync(null, new ScreeningCriteriaEdit { Name = criteria.Name }));
        Assert.Contains(nameof(ScreeningCriteriaEdit.Name), same.Errors.Keys);
        Assert.Equal(HttpStatusCode.Conflict, await StatusOf(() => product.SaveCriteriaAsync(criteria.Id, new ScreeningCriteriaEdit { Name = "Renamed", ConcurrencyStamp = Guid.NewGuid() })));
    }

    [Fact]
    public async Task Targets_go_to_a_teams_managers_in_turn_or_by_region()
    {
        var team = $"Team-{Guid.NewGuid():N}"[..12];
        var ids = new List<string>();
        foreach (var name in new[] { "Alpha Manager", "Beta Manager" })
            ids.Add(await app.UserIdAsync(await app.CreateUserAsync([Roles.CustomerManager], null, name)));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Users.Where(u => ids.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.Team, team));
        }
        var regions = new[] { $"N-{Guid.NewGuid():N}"[..10], $"S-{Guid.NewGuid():N}"[..10] };
        var supervisor = await StaffAsync("supervisor@demo.portal");
        foreach (var region in regions)
            for (var i = 0; i < 3; i++) await supervisor.CreateAsync(Entry($"{region} {i}", NewPhone(), region: region));
        var screening = ClientApi.Of<ScreeningHttpClient>(await Borrowers.StaffAsync(app, "supervisor@demo.portal"));
        var criteria = await screening.SaveCriteriaAsync(null, new ScreeningCriteriaEdit { Name = $"In {team}", Regions = [.. regions] });
        await screening.ScreenAsync(new RunScreening(criteria.Id, null, null));

        var inTurn = await supervisor.AssignTargetsAsync(new AssignTargets(team, AssignmentRule.RoundRobin, regions[0], null));
        Assert.Equal(3, inTurn.Assigned);
        Assert.Equal([2, 1], inTurn.ByOwner.Select(o => o.Count));
        var byRegion = await supervisor.AssignTargetsAsync(new AssignTargets(team, AssignmentRule.ByRegion, regions[1], null));
        Assert.Equal(3, Assert.Single(byRegion.ByOwner).Count);
        Assert.Equal(0, (await supervisor.AssignTargetsAsync(new AssignTargets(team, AssignmentRule.RoundRobin, regions[1], null))).Assigned);
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() => supervisor.AssignTargetsAsync(new AssignTargets("No such team", AssignmentRule.RoundRobin, null, null))));
        var manager = await StaffAsync("manager@demo.portal");
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(() => manager.AssignTargetsAsync(new AssignTargets(team, AssignmentRule.RoundRobin, null, null))));
    }
}

/// <summary>The visitor's form is limited per address, with the real allowance (an app of its own).</summary>
public sealed class ContactRequestLimitTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_visitor_asking_again_and_again_is_told_to_wait()
    {
        var visitor = ClientApi.Of<ProspectsHttpClient>(app.CreateBrowserlessClient());
        for (var i = 0; i < 5; i++)
            await visitor.AskToBeContactedAsync(new ContactMeRequest { Name = "Eager", Phone = "13800138000", Consent = true });
        var limited = await Assert.ThrowsAsync<ApiProblemException>(() => visitor.AskToBeContactedAsync(new ContactMeRequest { Name = "Eager", Phone = "13800138000", Consent = true }));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
    }
}
