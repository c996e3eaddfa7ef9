using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Client.Features.Casework;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Documents;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Client.Tests.Casework;

/// <summary>A stand-in for the casework API: one case and a queue page, remembering the calls.</summary>
internal sealed class FakeCasework : ICaseworkService, IWorkQueueService
{
    public CaseView? View;
    public QueuePage Queue = new([], null);
    public readonly List<QueueQuery> Queries = [];
    public readonly List<object> Calls = [];
    public Exception? Fails;

    private Task<CaseView> Record(object request, Func<CaseView, CaseView> change)
    {
        Calls.Add(request);
        if (Fails is not null) throw Fails;
        View = change(View!) with { ConcurrencyStamp = Guid.NewGuid() };
        return Task.FromResult(View);
    }

    public Task<QueuePage> QueueAsync(QueueQuery query, CancellationToken ct = default) { Queries.Add(query); return Task.FromResult(Queue); }
    public List<WaitingWork> Waiting = [];
    public Task<IReadOnlyList<WaitingWork>> WaitingAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<WaitingWork>>(Waiting);
    public Task<CaseView?> GetAsync(Guid id, CancellationToken ct = default) => Task.FromResult(View?.Id == id ? View : null);
    public Task<IReadOnlyList<StaffMember>> StaffAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<StaffMember>>([]);
    public Task<CaseView> AssignAsync(Guid id, AssignCase r, CancellationToken ct = default) => Record(r, v => v with { AssigneeId = r.AssigneeId, AssigneeName = "Me" });
    public Task<CaseView> StartReviewAsync(Guid id, CaseCommand r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.InitialReview });
    public Task<CaseView> AcceptDocumentAsync(Guid id, Guid documentId, CaseCommand r, CancellationToken ct = default) =>
        Record(r, v => v with { Documents = [.. v.Documents.Select(d => d.Id == documentId ? d with { Status = DocumentStatus.Accepted } : d)] });
    public Task<CaseView> RejectDocumentAsync(Guid id, Guid documentId, RejectDocument r, CancellationToken ct = default) =>
        Record(r, v => v with { Documents = [.. v.Documents.Select(d => d.Id == documentId ? d with { Status = DocumentStatus.Rejected, RejectionReason = r.Reason } : d)] });
    public Task<CaseView> VerifyIdentityAsync(Guid id, CaseCommand r, CancellationToken ct = default) => Record(r, v => v with { IdentityVerifiedBy = "Me" });
    public Task<CaseView> RequestInformationAsync(Guid id, RequestInformation r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.NeedsInformation });
    public Task<CaseView> ForwardToRiskAsync(Guid id, CaseCommand r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.RiskAssessment });
    public Task<CaseView> SubmitAssessmentAsync(Guid id, SubmitAssessment r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.PendingApproval, Actions = [] });
    public Task<CaseView> ApproveAsync(Guid id, ApproveCase r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.Approved, Actions = [] });
    public Task<CaseView> DeclineAsync(Guid id, DeclineCase r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.Declined, Actions = [] });
    public Task<CaseView> SendBackAsync(Guid id, SendBack r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.RiskAssessment });
    public Task<CaseView> DisburseAsync(Guid id, DisburseCase r, CancellationToken ct = default) => Record(r, v => v with { State = ApplicationState.Disbursed, Actions = [] });
    public Task<CaseView> AddNoteAsync(Guid id, AddNote r, CancellationToken ct = default) => Record(r, v => v with { Notes = [.. v.Notes, new InternalNote(DateTimeOffset.UnixEpoch, "Me", r.Text)] });
    public Task<StaffMember> SetApprovalLimitAsync(string userId, ApprovalLimit r, CancellationToken ct = default) => throw new NotSupportedException();

    public static readonly Guid Id = Guid.Parse("5b1d6a52-8f0e-4a43-9d8e-2a1c3f4e5d60");

    public static CaseView NewCase(ApplicationState state, IReadOnlyList<ApplicationAction> actions,
        IReadOnlyDictionary<ApplicationAction, Blocker[]>? blocked = null, ScoreResult? score = null, OfferTerms? offer = null) => new()
    {
        Id = Id,
        Reference = "HB-TESTCASE",
        State = state,
        ApplicantType = ApplicantType.Individual,
        CustomerEmail = "zhou@test.portal",
        Draft = new ApplicationDraft { Amount = 60_000m, Months = 36, Method = RepaymentMethod.EqualInstalments, FullName = "Zhou Mei", MonthlyIncome = 18_000m },
        MaskedNationalId = "**************123X",
        SubmittedAt = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero),
        AssigneeId = null,
        AssigneeName = null,
        IdentityVerifiedBy = null,
        Score = score,
        Assessment = null,
        FirstApprover = null,
        ApprovalsNeeded = 1,
        Offer = offer,
        DeclineReasons = [],
        Documents = [],
        Loan = null,
        Timeline = [new CaseEvent(ApplicationState.Submitted, "Submit", new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), "Zhou Mei", null, null)],
        Notes = [],
        Actions = actions,
        Blocked = blocked ?? new Dictionary<ApplicationAction, Blocker[]>(),
        CanAssign = false,
        ConcurrencyStamp = Guid.NewGuid(),
        Product = ClientTestContext.Product(),
    };
}

public sealed class CaseworkPageTests : ClientTestContext
{
    private readonly FakeCasework casework = new();

    public CaseworkPageTests()
    {
        Services.AddSingleton<ICaseworkService>(casework);
        Services.AddSingleton<IWorkQueueService>(casework);
        Services.AddSingleton<ICatalogService>(new Applications.FakeCatalog(Product()));
        Services.AddSingleton(TimeProvider.System);
    }

    private void SignedInAs(params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("staff@test.portal");
        auth.SetRoles(roles);
        auth.SetClaims(new Claim(Permissions.MfaClaimType, Permissions.MfaClaimValue), new Claim(ClaimTypes.NameIdentifier, "me"));
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
    }

    private IRenderedComponent<IComponent> RenderCase() => Render(b =>
    {
        b.OpenComponent<MudDialogProvider>(0);
        b.CloseComponent();
        b.OpenComponent<CasePage>(1);
        b.AddAttribute(2, nameof(CasePage.Id), FakeCasework.Id);
        b.CloseComponent();
    });

    [Fact]
    public void A_risk_officer_sees_the_scorecard_and_must_give_a_reason_to_change_the_grade()
    {
        SignedInAs(Roles.RiskOfficer);
        var score = new ScoreResult(72, RiskGrade.B, 2_000m, 0.11m, 0.17m,
            [new("PaymentToIncome", 30), new("DebtToIncome", 25), new("History", 14), new("AmountToIncome", 0), new("Industry", 10)], [ReasonCode.AffordabilityStrong]);
        casework.View = FakeCasework.NewCase(ApplicationState.RiskAssessment, [ApplicationAction.SubmitAssessment], score: score);
        var cut = RenderCase();

        Assert.Contains("Score 72 of 100: grade B", cut.Find("[data-testid=scorecard]").TextContent);
        Assert.Contains("Payment to income", cut.Find("[data-testid=scorecard]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
        Assert.Empty(cut.FindAll("[data-testid=override-reason]"));

        cut.Find("[data-testid=submit-assessment]").Click();
        var sent = Assert.IsType<SubmitAssessment>(Assert.Single(casework.Calls));
        Assert.Equal(RiskGrade.B, sent.Grade);
        cut.WaitForAssertion(() => Assert.Contains("Assessment submitted", cut.Find("[data-testid=case-message]").TextContent));
    }

    [Fact]
    public void Blocked_actions_say_why_and_offer_no_button()
    {
        SignedInAs(Roles.Approver);
        casework.View = FakeCasework.NewCase(ApplicationState.PendingApproval, [ApplicationAction.Decline, ApplicationAction.SendBack],
            new Dictionary<ApplicationAction, Blocker[]> { [ApplicationAction.Approve] = [Blocker.OverYourLimit] });
        var cut = RenderCase();

        Assert.Contains("above your authority limit", cut.Find("[data-testid=blocked-Approve]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=approve]"));
        Assert.True(cut.Find("[data-testid=decline]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_stale_action_shows_who_acted_and_offers_to_reload()
    {
        SignedInAs(Roles.CustomerManager);
        casework.View = FakeCasework.NewCase(ApplicationState.Submitted, [ApplicationAction.StartReview]);
        casework.Fails = new ApiProblemException(HttpStatusCode.Conflict, "Zhang Min changed this case a moment ago. Reload it to see what they did.", new Dictionary<string, string[]>());
        var cut = RenderCase();

        cut.Find("[data-testid=start-review]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Zhang Min changed this case", cut.Find("[data-testid=case-problem]").TextContent));
        Assert.Contains("Reload", cut.Find("[data-testid=case-problem]").TextContent);
    }

    [Fact]
    public void The_queue_lists_cases_with_links_and_says_what_to_do_when_empty()
    {
        SignedInAs(Roles.CustomerManager);
        casework.Queue = new QueuePage([new QueueRow(FakeCasework.Id, "HB-TESTCASE", "Zhou Mei", "Everyday Personal Loan", ApplicationState.Submitted, 60_000m,
            DateTimeOffset.UtcNow.AddDays(-3), null)], "next-cursor");
        var cut = Render<WorkQueue>();
        var row = cut.Find("[data-testid=queue-row]");
        Assert.Contains("Zhou Mei", row.TextContent);
        Assert.Contains("3 d", row.TextContent);
        Assert.Contains("Unassigned", row.TextContent);
        Assert.EndsWith($"staff/applications/{FakeCasework.Id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("after=next-cursor", cut.Find("[data-testid=queue-next]").GetAttribute("href"));

        casework.Queue = new QueuePage([], null);
        Services.GetRequiredService<NavigationManager>().NavigateTo("staff/applications?search=nobody");
        var empty = Render<WorkQueue>();
        Assert.Contains("No cases match", empty.Find("[data-testid=queue-empty]").TextContent);
        Assert.Equal("nobody", casework.Queries.Last().Search);
    }

    [Fact]
    public void The_offer_is_described_to_staff_not_to_the_customer()
    {
        SignedInAs(Roles.Approver);
        var offer = new OfferTerms(50_000m, 24, RepaymentMethod.EqualInstalments, RiskGrade.B, 9.6m, new DateTimeOffset(2026, 12, 29, 0, 0, 0, TimeSpan.Zero));
        casework.View = FakeCasework.NewCase(ApplicationState.Approved, [], offer: offer);
        var cut = RenderCase();

        var section = cut.Find("[data-testid=case-offer]");
        Assert.Equal("The offer", section.QuerySelector("h2")!.TextContent);
        Assert.Contains("Amount paid out to the customer", section.TextContent);
        Assert.DoesNotContain("Your offer", cut.Markup);
        Assert.DoesNotContain("to you", section.TextContent);
    }

    [Fact]
    public void The_timeline_says_in_the_past_tense_what_each_person_did()
    {
        SignedInAs(Roles.CustomerManager);
        var at = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        casework.View = FakeCasework.NewCase(ApplicationState.Expired, []) with
        {
            Timeline =
            [
                new CaseEvent(ApplicationState.Submitted, "Submit", at, "Zhou Mei", null, null, Actor.Owner),
                new CaseEvent(ApplicationState.InitialReview, "RejectDocument", at, "Zhang Min", null, null, Actor.Staff, "National ID card"),
                new CaseEvent(ApplicationState.PendingApproval, "SubmitAssessment", at, "Wang Lei", null, "Stable income.", Actor.Staff, "B"),
                new CaseEvent(ApplicationState.Expired, "Expire", at, "", null, null, Actor.System),
            ],
        };
        var cut = RenderCase();

        var events = cut.FindAll("[data-testid=case-event]").Select(e => e.TextContent).ToList();
        Assert.StartsWith("Submitted the application — Zhou Mei,", events[0]);
        Assert.StartsWith("Rejected a document: National ID card — Zhang Min,", events[1]);
        Assert.StartsWith("Assessed the risk: grade B — Wang Lei,", events[2]);
        Assert.Contains("Internal: Stable income.", events[2]);
        Assert.StartsWith("Closed the offer as expired — the system,", events[3]);
        Assert.DoesNotContain("— ,", cut.Find("[data-testid=case-timeline]").TextContent);
    }

    [Fact]
    public void Identity_checked_says_what_was_compared_in_both_languages()
    {
        SignedInAs(Roles.CustomerManager);
        casework.View = FakeCasework.NewCase(ApplicationState.InitialReview, []);
        var means = RenderCase().Find("[data-testid=identity-check-means]").TextContent;
        Assert.Contains("full name, date of birth and ID number", means);
        Assert.Contains("photo is of the customer", means);

        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("zh-Hans");
        Assert.Contains("姓名、出生日期和身份证号码", RenderCase().Find("[data-testid=identity-check-means]").TextContent);
    }

    [Fact]
    public void A_pdf_or_an_image_is_previewed_in_the_page_from_the_inline_address_only_when_asked()
    {
        SignedInAs(Roles.CustomerManager);
        var pdf = new DocumentView(Guid.NewGuid(), "National ID card", "id.pdf", "application/pdf", 1_000, new string('a', 64), DateTimeOffset.UnixEpoch,
            DocumentStatus.Pending, null, null);
        casework.View = FakeCasework.NewCase(ApplicationState.InitialReview, []) with { Documents = [pdf] };
        var cut = RenderCase();
        var inline = $"api/staff/applications/{FakeCasework.Id}/documents/{pdf.Id}/inline";

        // Nothing is fetched (and audited) until someone asks to see it.
        Assert.Empty(cut.FindAll("[data-testid=document-preview]"));
        Assert.Equal(inline, cut.Find("[data-testid=open-document]").GetAttribute("href"));
        Assert.Equal($"api/staff/applications/{FakeCasework.Id}/documents/{pdf.Id}", cut.Find("[data-testid=download-document]").GetAttribute("href"));

        cut.Find("[data-testid=preview-document]").Click();
        var frame = cut.Find("iframe[data-testid=document-preview]");
        Assert.Equal(inline, frame.GetAttribute("src"));
        Assert.Equal("Preview of National ID card", frame.GetAttribute("title"));
        Assert.Equal("true", cut.Find("[data-testid=preview-document]").GetAttribute("aria-expanded"));
        cut.Find("[data-testid=preview-document]").Click();
        Assert.Empty(cut.FindAll("[data-testid=document-preview]"));

        casework.View = casework.View with { Documents = [pdf with { ContentType = "image/png", FileName = "id.png" }] };
        var image = RenderCase();
        image.Find("[data-testid=preview-document]").Click();
        Assert.Equal("Preview of National ID card", image.Find("img[data-testid=document-preview]").GetAttribute("alt"));
    }
}
