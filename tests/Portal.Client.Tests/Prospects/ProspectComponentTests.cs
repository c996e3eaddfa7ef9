using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Client.Features.Prospects;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Prospects;
using Portal.Shared.Security;

namespace Portal.Client.Tests.Prospects;

/// <summary>A stand-in for the prospects API: one prospect, remembering what was sent.</summary>
internal sealed class FakeProspects : IProspectsService
{
    public ProspectView? Prospect;
    public ProspectPage Page = new([], null);
    public readonly List<object> Sent = [];
    public Exception? Refuse;

    private Task<ProspectView> Answer(object request, Func<ProspectView, ProspectView> change)
    {
        Sent.Add(request);
        if (Refuse is { } e) throw e;
        Prospect = change(Prospect!);
        return Task.FromResult(Prospect);
    }

    public Task AskToBeContactedAsync(ContactMeRequest request, CancellationToken ct = default)
    {
        Sent.Add(request);
        return Refuse is { } e ? Task.FromException(e) : Task.CompletedTask;
    }
    public TodayView Today = new(new DateOnly(2026, 11, 29), [], [], []);
    public Task<TodayView> TodayAsync(CancellationToken ct = default) => Task.FromResult(Today);
    public Task<ProspectPage> ListAsync(ProspectQuery query, CancellationToken ct = default) => Task.FromResult(Page);
    public Task<ProspectView> GetAsync(Guid id, CancellationToken ct = default) => Task.FromResult(Prospect!);
    public Task<IReadOnlyList<ProspectMatch>> MatchesAsync(ProspectEdit prospect, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProspectMatch>>([]);
    public Task<ProspectView> CreateAsync(ProspectEdit prospect, CancellationToken ct = default) => Answer(prospect, p => p);
    public Task<ProspectView> UpdateAsync(Guid id, ProspectEdit prospect, CancellationToken ct = default) => Answer(prospect, p => p);
    public Task<ProspectView> AssignAsync(Guid id, AssignProspect request, CancellationToken ct = default) => Answer(request, p => p with { OwnerName = "Me" });
    public Task<AssignmentSummary> AssignTargetsAsync(AssignTargets request, CancellationToken ct = default) => Task.FromResult(new AssignmentSummary(0, []));
    public Task<ProspectView> LogContactAsync(Guid id, LogContact contact, CancellationToken ct = default) =>
        Answer(contact, p => p with { Contacts = [new(1, DateTimeOffset.UnixEpoch, "Me", contact.Channel, contact.Outcome, contact.Note, contact.NextStepOn, contact.NextStep)] });
    public Task<ProspectView> StopContactAsync(Guid id, StopContact request, CancellationToken ct = default) => Answer(request, p => p);
    public Task<ProspectView> ResumeContactAsync(Guid id, ResumeContact request, CancellationToken ct = default) => Answer(request, p => p with { Stopped = null });
    public Task<ProspectView> MergeAsync(Guid id, MergeProspects request, CancellationToken ct = default) => Answer(request, p => p);
    public Task<IReadOnlyList<ProspectOwnerOption>> OwnersAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProspectOwnerOption>>([]);
    public Task<IReadOnlyList<string>> RegionsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<string>>(["Pudong"]);
}

public sealed class ProspectComponentTests : ClientTestContext
{
    private FakeProspects prospects => ProspectRequests;

    public ProspectComponentTests()
    {
        Services.AddSingleton<ICatalogService>(new NoProducts());
        Services.AddSingleton(TimeProvider.System);
        var auth = AddAuthorization();
        auth.SetAuthorized("manager@test.portal");
        auth.SetRoles(Roles.CustomerManager);
        auth.SetClaims(new Claim(Permissions.MfaClaimType, Permissions.MfaClaimValue), new Claim(ClaimTypes.NameIdentifier, "me"));
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
    }

    private static ProspectView View(ContactStop? stopped = null, Guid? mergedInto = null) => new(
        Guid.NewGuid(), "PR-TEST0001", ApplicantType.Individual, "Gao Yan", null, "13900000000", "gao@example.com", null, "Pudong", Sector.Retail,
        12_000m, null, null, null, null, null, ProspectSource.Website, "product:everyday-personal-loan", ConsentBasis.AskedToBeContacted, new DateOnly(2026, 11, 1),
        stopped, stopped is null ? null : "Asked us not to call", stopped is null ? null : DateTimeOffset.UnixEpoch,
        ProspectStage.New, ScreeningResult.Target, ScreeningReason.None, "Salaried", DateTimeOffset.UnixEpoch, null, null, null, null,
        null, null, null, mergedInto, [], [], [], DateTimeOffset.UnixEpoch, Guid.NewGuid())
    { CanTake = true, CanContact = stopped is null && mergedInto is null };

    /// <summary>A page inside the popover and dialog providers it needs, with its route's id if it has one.</summary>
    private IRenderedComponent<IComponent> RenderWithProviders<T>(Guid? id = null) where T : IComponent => Render(b =>
    {
        b.OpenComponent<MudPopoverProvider>(0);
        b.CloseComponent();
        b.OpenComponent<MudDialogProvider>(1);
        b.CloseComponent();
        b.OpenComponent<T>(2);
        if (id is { } value) b.AddAttribute(3, "Id", value);
        b.CloseComponent();
    });

    [Fact]
    public void Contact_me_sends_nothing_without_consent_and_the_eligibility_answers_only_when_ticked()
    {
        var cut = Render<ContactMe>(p => p.Add(c => c.Product, "everyday-personal-loan").Add(c => c.Eligibility, new EligibilityAnswers(30, 9_000m, 3, 50_000m, 24)));
        cut.Find("[data-testid=contact-me-name]").Change("Gao Yan");
        cut.Find("[data-testid=contact-me-phone]").Change("13900000000");
        cut.Find("form").Submit();
        Assert.Empty(prospects.Sent);
        Assert.Contains("Tick the box", cut.Markup);

        cut.Find("[data-testid=contact-me-consent]").Change(true);
        cut.Find("form").Submit();
        var sent = Assert.IsType<ContactMeRequest>(Assert.Single(prospects.Sent));
        Assert.Equal(("Gao Yan", "everyday-personal-loan", (EligibilityAnswers?)null), (sent.Name, sent.Product, sent.Eligibility));
        cut.WaitForAssertion(() => Assert.Contains("within one working day", cut.Find("[data-testid=contact-me-sent]").TextContent));
    }

    [Fact]
    public void Contact_me_hides_its_bot_trap_from_people_and_says_why_a_request_is_refused()
    {
        prospects.Refuse = new ApiProblemException(HttpStatusCode.TooManyRequests, "We have your requests already.", new Dictionary<string, string[]>());
        var cut = Render<ContactMe>(p => p.Add(c => c.Eligibility, new EligibilityAnswers(30, 9_000m, 3, 50_000m, 24)));
        var trap = cut.Find(".honeypot");
        Assert.Equal("true", trap.GetAttribute("aria-hidden"));
        Assert.Equal("-1", cut.Find("#contact-me-website").GetAttribute("tabindex"));
        cut.Find("[data-testid=contact-me-name]").Change("Gao Yan");
        cut.Find("[data-testid=contact-me-email]").Change("gao@example.com");
        cut.Find("[data-testid=contact-me-answers]").Change(true);
        cut.Find("[data-testid=contact-me-consent]").Change(true);
        cut.Find("form").Submit();
        Assert.NotNull(Assert.IsType<ContactMeRequest>(Assert.Single(prospects.Sent)).Eligibility);
        cut.WaitForAssertion(() => Assert.Contains("We have your requests already.", cut.Find("[data-testid=contact-me-problem]").TextContent));
    }

    [Fact]
    public void A_prospect_with_contact_stopped_says_why_and_offers_no_way_to_contact()
    {
        prospects.Prospect = View(ContactStop.DoNotContact);
        var cut = RenderWithProviders<ProspectFile>(prospects.Prospect.Id);
        cut.WaitForAssertion(() => Assert.Contains("Asked us not to call", cut.Find("[data-testid=prospect-stopped]").TextContent));
        Assert.Contains("Asked us not to call", cut.Find("[data-testid=contact-off]").TextContent);
        Assert.True(cut.Find("[data-testid=log-contact-go]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=stop-contact]"));
        Assert.Empty(cut.FindAll("a[href^='tel:']"));
        // Only staff allow contact again, with the reason.
        Assert.NotNull(cut.Find("[data-testid=resume-contact]"));
    }

    [Fact]
    public void A_contact_is_logged_with_its_outcome_and_next_step()
    {
        prospects.Prospect = View();
        var cut = RenderWithProviders<ProspectFile>(prospects.Prospect.Id);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=log-contact-go]")));
        Assert.Contains("product page", cut.Markup);
        cut.Find("[data-testid=contact-note]").Change("Wants 50k");
        cut.Find("[data-testid=contact-next-what]").Change("Send the invitation");
        cut.Find("form").Submit();
        var logged = Assert.IsType<LogContact>(Assert.Single(prospects.Sent));
        Assert.Equal(("Wants 50k", "Send the invitation", ProspectChannel.Call), (logged.Note, logged.NextStep, logged.Channel));
        cut.WaitForAssertion(() => Assert.Contains("Wants 50k", cut.Find("[data-testid=prospect-contacts]").TextContent));
    }

    [Fact]
    public void A_merged_prospect_points_to_the_one_it_was_merged_into()
    {
        var other = Guid.NewGuid();
        prospects.Prospect = View(mergedInto: other);
        var merged = RenderWithProviders<ProspectFile>(prospects.Prospect.Id);
        merged.WaitForAssertion(() => Assert.Equal($"staff/prospects/{other}", merged.Find("[data-testid=prospect-merged] a").GetAttribute("href")));
        Assert.Empty(merged.FindAll("[data-testid=log-contact-go]"));
    }

    [Fact]
    public void A_new_prospect_is_saved_from_the_form_with_todays_consent_date()
    {
        prospects.Prospect = View();
        var cut = RenderWithProviders<ProspectEditor>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=prospect-save]")));
        cut.Find("[data-testid=prospect-name]").Change("Wen Qing");
        cut.Find("[data-testid=prospect-phone]").Change("13900000001");
        cut.Find("form").Submit();
        var saved = Assert.IsType<ProspectEdit>(Assert.Single(prospects.Sent));
        Assert.Equal(("Wen Qing", "13900000001", DateOnly.FromDateTime(DateTime.Now)), (saved.Name, saved.Phone, saved.ConsentOn!.Value));
    }

    [Fact]
    public void An_empty_list_says_what_to_do()
    {
        var cut = RenderWithProviders<ProspectsList>();
        cut.WaitForAssertion(() => Assert.Contains("New prospect", cut.Find("[data-testid=prospects-empty]").TextContent));
    }

    [Fact]
    public void Today_shows_overdue_follow_ups_first_and_says_so_when_there_is_nothing()
    {
        var empty = RenderWithProviders<TodayPage>();
        empty.WaitForAssertion(() => Assert.Contains("Nothing due", empty.Find("[data-testid=today-empty]").TextContent));
    }

    [Fact]
    public void Today_groups_the_follow_ups()
    {
        var day = new DateOnly(2026, 11, 29);
        ProspectRow Row(string name, DateOnly? on) => new(Guid.NewGuid(), name, ApplicantType.Individual, "Pudong", null, ProspectSource.Manager,
            ScreeningResult.Target, ProspectStage.Contacted, "Me", on, DateTimeOffset.UnixEpoch, false, on is null ? null : "Call back");
        prospects.Today = new TodayView(day, [Row("Late one", day.AddDays(-2))], [Row("Due one", day)], [Row("New one", null)]);
        var cut = RenderWithProviders<TodayPage>();
        cut.WaitForAssertion(() => Assert.Contains("Late one", cut.Find("[data-testid=today-overdue]").TextContent));
        Assert.Contains("Call back", cut.Find("[data-testid=today-due]").TextContent);
        Assert.Contains("New one", cut.Find("[data-testid=today-new]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=today-empty]"));
        var order = cut.FindAll("section h2").Select(h => h.Id).ToList();
        Assert.Equal(["today-overdue", "today-due", "today-new"], order);
    }

    private sealed class NoProducts : ICatalogService
    {
        public Task<IReadOnlyList<ProductSummary>> ListPublishedAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProductSummary>>([]);
        public Task<ProductDetails?> GetPublishedAsync(string slug, CancellationToken ct = default) => Task.FromResult<ProductDetails?>(null);
        public Task<IReadOnlyList<ProductAdminRow>> ListForStaffAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ProductEdit?> GetForEditAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ProductAdminRow> SaveAsync(ProductEdit product, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ProductAdminRow> SetPublishedAsync(int id, bool published, Guid concurrencyStamp, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
