using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Casework;

/// <summary>Staff take the same application from first check to disbursement, through the real API.</summary>
// An app (and database) of its own, so that xunit runs it beside the classes that share PortalCollection's.
public sealed class CaseworkTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    private const string Staff = "/api/staff/applications";

    private async Task<HttpClient> DemoStaffAsync(string email)
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email);
        return client;
    }

    private static async Task<CaseView> Get(HttpClient staff, Guid id) => await Applicants.Read<CaseView>(await staff.GetAsync($"{Staff}/{id}"));

    private static Task<HttpResponseMessage> Act(HttpClient staff, Guid id, string action, object body) =>
        staff.SendAsync(Api.Post($"{Staff}/{id}/{action}", body));

    private static async Task<CaseView> Do(HttpClient staff, Guid id, string action, Func<Guid, object> body) =>
        await Applicants.Read<CaseView>(await Act(staff, id, action, body((await Get(staff, id)).ConcurrencyStamp)));

    private static async Task<string> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>The initial review's checklist: every document accepted.</summary>
    private static async Task AcceptDocumentsAsync(HttpClient manager, Guid id)
    {
        foreach (var document in (await Get(manager, id)).Documents.Where(d => d.Status == Portal.Shared.Features.Documents.DocumentStatus.Pending))
            await Do(manager, id, $"documents/{document.Id}/accept", s => new CaseCommand(s));
    }

    /// <summary>Review and assessment by the demo manager and risk officer, leaving the case pending approval.</summary>
    private async Task<CaseView> ToPendingApprovalAsync(Guid id)
    {
        var manager = await DemoStaffAsync("manager@demo.portal");
        await Do(manager, id, "start-review", s => new CaseCommand(s));
        await AcceptDocumentsAsync(manager, id);
        await Do(manager, id, "verify-identity", s => new CaseCommand(s));
        await Do(manager, id, "forward-to-risk", s => new CaseCommand(s));
        var risk = await DemoStaffAsync("risk@demo.portal");
        var scored = (await Get(risk, id)).Score!;
        return await Do(risk, id, "assess", s => new SubmitAssessment(scored.Grade, null, null, null, s));
    }

    [Fact]
    public async Task An_application_goes_from_submission_to_a_loan_with_every_step_on_the_timeline_and_in_the_audit_log()
    {
        var (customer, submitted) = await Applicants.SubmittedAsync(app);
        var id = submitted.Id;

        // Initial review: the manager takes it, checks identity, asks for a payslip.
        var manager = await DemoStaffAsync("manager@demo.portal");
        var reviewing = await Do(manager, id, "start-review", s => new CaseCommand(s));
        Assert.Equal(ApplicationState.InitialReview, reviewing.State);
        Assert.NotNull(reviewing.AssigneeName);
        Assert.Contains(ApplicationAction.ForwardToRisk, reviewing.Blocked.Keys);
        Assert.Contains(Blocker.IdentityNotChecked, reviewing.Blocked[ApplicationAction.ForwardToRisk]);
        await Problem(await Act(manager, id, "forward-to-risk", new CaseCommand(reviewing.ConcurrencyStamp)), HttpStatusCode.Forbidden);
        await Problem(await Act(manager, id, "request-information", new RequestInformation("short", reviewing.ConcurrencyStamp)), HttpStatusCode.BadRequest);
        var asked = await Do(manager, id, "request-information", s => new RequestInformation("Please add your latest payslip.", s));
        Assert.Equal(ApplicationState.NeedsInformation, asked.State);

        // The customer sees what is asked, and answers.
        var mine = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{id}"));
        Assert.Equal("Please add your latest payslip.", mine.Timeline.Last().Note);
        var answered = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{id}/submit", new ApplicationCommand(mine.ConcurrencyStamp))));
        Assert.Equal(ApplicationState.InitialReview, answered.State);

        await Do(manager, id, "verify-identity", s => new CaseCommand(s));
        await AcceptDocumentsAsync(manager, id);
        await Do(manager, id, "notes", _ => new AddNote("Payslip matches the employer."));
        var forwarded = await Do(manager, id, "forward-to-risk", s => new CaseCommand(s));
        Assert.Equal(ApplicationState.RiskAssessment, forwarded.State);

        // Risk: a grade other than the scorecard's needs a reason.
        var risk = await DemoStaffAsync("risk@demo.portal");
        var toAssess = await Get(risk, id);
        Assert.NotNull(toAssess.Score);
        var other = toAssess.Score.Grade == RiskGrade.A ? RiskGrade.B : RiskGrade.A;
        var noReason = await Problem(await Act(risk, id, "assess", new SubmitAssessment(other, null, null, null, toAssess.ConcurrencyStamp)), HttpStatusCode.BadRequest);
        Assert.Contains("OverrideReason", noReason);
        var assessed = await Do(risk, id, "assess", s => new SubmitAssessment(other, "Long-standing employer, verified by phone.", 50_000m, null, s));
        Assert.Equal(ApplicationState.PendingApproval, assessed.State);
        Assert.Equal(other, assessed.Assessment!.Grade);
        Assert.Equal(toAssess.Score.Grade, assessed.Assessment.ScoredGrade);

        // Approval within the limit, for a shorter term than asked.
        var approver = await DemoStaffAsync("approver@demo.portal");
        await Problem(await Act(approver, id, "approve", new ApproveCase(70_000m, null, null, assessed.ConcurrencyStamp)), HttpStatusCode.BadRequest);
        var approved = await Do(approver, id, "approve", s => new ApproveCase(null, 24, null, s));
        Assert.Equal(ApplicationState.Approved, approved.State);

        // The customer sees the offer, accepts, reads and signs the contract.
        var offered = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{id}"));
        Assert.Equal(50_000m, offered.Offer!.Amount);
        Assert.Equal(24, offered.Offer.Months);
        Assert.Equal(offered.Product.RateFor(other), offered.Offer.RatePercent);
        Assert.Contains(ApplicationAction.AcceptOffer, offered.Actions);
        var accepted = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{id}/accept", new ApplicationCommand(offered.ConcurrencyStamp))));
        var contract = await Applicants.Read<ContractView>(await customer.GetAsync($"{Applicants.Api}/{id}/contract"));
        Assert.Contains(accepted.Reference, contract.Text);
        Assert.Contains(Applicants.FullName, contract.Text);
        Assert.DoesNotContain("11010519880605123X", contract.Text);
        var wrongName = await Problem(await customer.SendAsync(Api.Post($"{Applicants.Api}/{id}/sign",
            new SignContract("Somebody Else", true, contract.Sha256, accepted.ConcurrencyStamp))), HttpStatusCode.BadRequest);
        Assert.Contains("TypedName", wrongName);
        await Problem(await customer.SendAsync(Api.Post($"{Applicants.Api}/{id}/sign",
            new SignContract(Applicants.FullName, true, new string('0', 64), accepted.ConcurrencyStamp))), HttpStatusCode.Conflict);
        var signed = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{id}/sign",
            new SignContract("  zhou   MEI ", true, contract.Sha256, accepted.ConcurrencyStamp))));
        Assert.Equal(ApplicationState.ContractSigned, signed.State);
        Assert.Equal(contract.Sha256, signed.Signature!.ContractSha256);

        // The signed contract downloads as a PDF with exactly the text signed, and the evidence; nobody else gets it.
        var pdf = await customer.GetAsync($"{Applicants.Api}/{id}/contract.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var pdfText = PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(accepted.Reference, pdfText);
        Assert.Contains("Signed electronically by zhou MEI", pdfText);
        Assert.Contains(contract.Sha256, pdfText);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync(Roles.Customer)).GetAsync($"{Applicants.Api}/{id}/contract.pdf")).StatusCode);

        // Operations pay out principal minus the deducted fee (1% arrangement fee, capped at 1,000).
        var operations = await DemoStaffAsync("operations@demo.portal");
        var paidAt = app.Clock.GetUtcNow();
        var wrongAmount = await Problem(await Act(operations, id, "disburse", new DisburseCase(50_000m, paidAt, "BANK-0001", signed.ConcurrencyStamp)), HttpStatusCode.BadRequest);
        Assert.Contains("49,500.00", wrongAmount);
        var disbursed = await Do(operations, id, "disburse", s => new DisburseCase(49_500m, paidAt, "BANK-0001", s));
        Assert.Equal(ApplicationState.Disbursed, disbursed.State);
        Assert.Equal(49_500m, disbursed.Loan!.PaidOut);

        var final = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{id}"));
        Assert.Equal(disbursed.Loan.Reference, final.Loan!.Reference);
        Assert.Equal(
            [ApplicationState.Draft, ApplicationState.Submitted, ApplicationState.InitialReview, ApplicationState.NeedsInformation,
             ApplicationState.InitialReview, ApplicationState.RiskAssessment, ApplicationState.PendingApproval, ApplicationState.Approved,
             ApplicationState.OfferAccepted, ApplicationState.ContractSigned, ApplicationState.Disbursed],
            final.Timeline.Select(t => t.State));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var loan = await db.Loans.Include(l => l.Instalments).SingleAsync(l => l.ApplicationId == id);
        Assert.Equal(24, loan.Instalments.Count);
        Assert.Equal(5_000_000, loan.Instalments.Sum(i => i.PrincipalMinor));
        var audit = await db.AuditEntries.Where(e => e.Reference == final.Reference).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal(
            ["UploadDocument", "UploadDocument", "Submit", "StartReview", "RequestInformation", "ProvideInformation", "VerifyIdentity", "AcceptDocument", "AcceptDocument", "AddNote", "ForwardToRisk",
             "SubmitAssessment", "Approve", "AcceptOffer", "SignContract", "Disburse"],
            audit);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "CreateLoan" && e.SubjectId == loan.Id.ToString()));
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public void A_contract_in_Chinese_renders_as_a_PDF_whose_text_reads_back_exactly()
    {
        var text = "港桥信贷 — 借款合同 HB-TEST\n一、借款：¥50,000.00，期限 24 个月（风险等级 B）。\nA long English line that has to wrap because it is much wider than the page it is printed on, again and again and again.";
        var pdf = Portal.Server.Features.Applications.ContractPdf.Render("合同", [text]);
        Assert.StartsWith("%PDF-1.7", System.Text.Encoding.ASCII.GetString(pdf, 0, 8));
        var read = PdfText(pdf).Replace(" ", "");
        Assert.Contains("港桥信贷", read);
        Assert.Contains("借款：¥50,000.00，期限24个月（风险等级B）。", read);
        Assert.Contains("again.", read);
    }

    [Fact]
    public async Task Nobody_decides_a_case_they_prepared()
    {
        // One person who is both customer manager and approver reviews the case, then may not approve it.
        var email = await app.CreateUserAsync([Roles.CustomerManager, Roles.Approver], approvalLimit: 500_000m);
        var both = app.CreateBrowserlessClient();
        await both.SignInAsync(email);
        var (_, submitted) = await Applicants.SubmittedAsync(app);
        var id = submitted.Id;
        await Do(both, id, "start-review", s => new CaseCommand(s));
        await AcceptDocumentsAsync(both, id);
        await Do(both, id, "verify-identity", s => new CaseCommand(s));
        await Do(both, id, "forward-to-risk", s => new CaseCommand(s));
        var risk = await DemoStaffAsync("risk@demo.portal");
        var grade = (await Get(risk, id)).Score!.Grade;
        await Do(risk, id, "assess", s => new SubmitAssessment(grade, null, null, null, s));

        var view = await Get(both, id);
        Assert.DoesNotContain(ApplicationAction.Approve, view.Actions);
        Assert.Contains(Blocker.PreparedByYou, view.Blocked[ApplicationAction.Approve]);
        await Problem(await Act(both, id, "approve", new ApproveCase(null, null, null, view.ConcurrencyStamp)), HttpStatusCode.Forbidden);
        await Problem(await Act(both, id, "decline", new DeclineCase([DeclineReason.Affordability], null, view.ConcurrencyStamp)), HttpStatusCode.Forbidden);
        // Someone else can.
        var approver = await DemoStaffAsync("approver@demo.portal");
        Assert.Equal(ApplicationState.Approved, (await Do(approver, id, "approve", s => new ApproveCase(null, null, null, s))).State);
    }

    private static async Task<bool> InMyLimitQueueAsync(HttpClient approver, string reference) =>
        (await Applicants.Read<QueuePage>(await approver.GetAsync($"{Staff}?state=PendingApproval&withinMyLimit=true&search={reference}")))
            .Rows.Any(r => r.Reference == reference);

    [Fact]
    public async Task Above_an_approvers_limit_they_cannot_approve_and_above_every_limit_two_approvers_are_needed()
    {
        var (_, submitted) = await Applicants.SubmittedAsync(app, "start-up-business-loan", d => Applicants.CompleteBusiness(d, 800_000m));
        var id = submitted.Id;
        var pending = await ToPendingApprovalAsync(id);
        Assert.Equal(2, pending.ApprovalsNeeded);

        var first = await DemoStaffAsync("approver@demo.portal");
        // Above every limit, any approver may give one of the two approvals: it is in each approver's queue "within my limit".
        Assert.True(await InMyLimitQueueAsync(first, pending.Reference));
        Assert.Contains(await Applicants.Read<List<WaitingWork>>(await first.GetAsync($"{Staff}/waiting")), w => w.Kind == "Approval" && w.Count > 0);
        var firstApproval = await Do(first, id, "approve", s => new ApproveCase(null, null, "Strong trading history.", s));
        Assert.Equal(ApplicationState.PendingApproval, firstApproval.State);
        Assert.NotNull(firstApproval.FirstApprover);
        // Now only another approver can act on it: it leaves the first one's queue.
        Assert.False(await InMyLimitQueueAsync(first, pending.Reference));
        Assert.True(await InMyLimitQueueAsync(await DemoStaffAsync("approver2@demo.portal"), pending.Reference));
        // The same approver cannot give the second approval.
        Assert.Contains(Blocker.AlreadyApprovedByYou, firstApproval.Blocked[ApplicationAction.Approve]);
        await Problem(await Act(first, id, "approve", new ApproveCase(null, null, null, firstApproval.ConcurrencyStamp)), HttpStatusCode.Forbidden);

        var second = await DemoStaffAsync("approver2@demo.portal");
        // The second approves the same terms, or sends it back.
        await Problem(await Act(second, id, "approve", new ApproveCase(700_000m, null, null, firstApproval.ConcurrencyStamp)), HttpStatusCode.BadRequest);
        var approved = await Do(second, id, "approve", s => new ApproveCase(null, null, null, s));
        Assert.Equal(ApplicationState.Approved, approved.State);
        Assert.Equal(800_000m, approved.Offer!.Amount);

        // Within the highest limit but above the lower one: only the approver whose limit covers it.
        var (_, other) = await Applicants.SubmittedAsync(app, "start-up-business-loan", d => Applicants.CompleteBusiness(d, 300_000m));
        var midway = await ToPendingApprovalAsync(other.Id);
        Assert.Equal(1, midway.ApprovalsNeeded);
        var low = await Get(first, other.Id);
        Assert.Contains(Blocker.OverYourLimit, low.Blocked[ApplicationAction.Approve]);
        Assert.False(await InMyLimitQueueAsync(first, midway.Reference));
        Assert.True(await InMyLimitQueueAsync(second, midway.Reference));
        await Problem(await Act(first, other.Id, "approve", new ApproveCase(null, null, null, low.ConcurrencyStamp)), HttpStatusCode.Forbidden);
        // ...unless approved for an amount within their limit.
        Assert.Equal(ApplicationState.Approved, (await Do(first, other.Id, "approve", s => new ApproveCase(100_000m, null, null, s))).State);
    }

    [Fact]
    public async Task A_decline_gives_the_customer_plain_reasons_and_keeps_internal_notes_from_them()
    {
        var (customer, submitted) = await Applicants.SubmittedAsync(app);
        await ToPendingApprovalAsync(submitted.Id);
        var approver = await DemoStaffAsync("approver@demo.portal");
        await Problem(await Act(approver, submitted.Id, "decline", new DeclineCase([], null, (await Get(approver, submitted.Id)).ConcurrencyStamp)), HttpStatusCode.BadRequest);
        var declined = await Do(approver, submitted.Id, "decline", s => new DeclineCase([DeclineReason.Affordability, DeclineReason.ExistingDebt], "Internal: DTI near the cap.", s));
        Assert.Equal(ApplicationState.Declined, declined.State);

        var response = await customer.GetAsync($"{Applicants.Api}/{submitted.Id}");
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Internal: DTI", raw);
        var mine = await Applicants.Read<ApplicationView>(response);
        Assert.Equal([DeclineReason.Affordability, DeclineReason.ExistingDebt], mine.DeclineReasons);
        Assert.Empty(mine.Actions);
    }

    [Fact]
    public async Task Illegal_transitions_stale_pages_and_replays_are_refused_with_a_clear_message()
    {
        var (_, submitted) = await Applicants.SubmittedAsync(app);
        var id = submitted.Id;
        var approver = await DemoStaffAsync("approver@demo.portal");
        var view = await Get(approver, id);
        // Submitted → Approved is not a transition.
        await Problem(await Act(approver, id, "approve", new ApproveCase(null, null, null, view.ConcurrencyStamp)), HttpStatusCode.Conflict);
        var operations = await DemoStaffAsync("operations@demo.portal");
        await Problem(await Act(operations, id, "disburse", new DisburseCase(1m, app.Clock.GetUtcNow(), "BANK-1", view.ConcurrencyStamp)), HttpStatusCode.Conflict);

        var manager = await DemoStaffAsync("manager@demo.portal");
        var started = await Act(manager, id, "start-review", new CaseCommand(view.ConcurrencyStamp));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        // The same request again (a replay, or a second tab) finds the case changed, and says by whom.
        var replay = await Problem(await Act(manager, id, "start-review", new CaseCommand(view.ConcurrencyStamp)), HttpStatusCode.Conflict);
        Assert.Contains("Zhang Min", replay);
        // Drafts are not in the staff area at all.
        var customer = await app.SignedInAsync(Roles.Customer);
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"{Staff}/{draft.Id}")).StatusCode);
    }

    [Fact]
    public async Task Staff_never_handle_their_own_application_and_a_customer_may_turn_an_offer_down()
    {
        // Someone who is both a customer and a customer manager applies, then tries to review it.
        var email = await app.CreateUserAsync([Roles.Customer, Roles.CustomerManager], approvalLimit: null);
        var both = app.CreateBrowserlessClient();
        await both.SignInAsync(email);
        var draft = await Applicants.Read<ApplicationView>(await both.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var saved = await Applicants.Read<ApplicationView>(await both.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/draft", new SaveDraft(Applicants.Complete(draft.Draft), draft.ConcurrencyStamp))));
        saved = await Applicants.UploadAllAsync(both, saved);
        var mine = await Applicants.Read<ApplicationView>(await both.SendAsync(Api.Post($"{Applicants.Api}/{saved.Id}/submit", new ApplicationCommand(saved.ConcurrencyStamp))));
        // For them the staff side of it is not there: not in the queue, not the case, its documents, contract or messages.
        Assert.Equal(HttpStatusCode.NotFound, (await both.GetAsync($"{Staff}/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await both.GetAsync($"/staff/applications/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await both.GetAsync($"/api/staff/messages/applications/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await both.GetAsync($"{Staff}/{mine.Id}/documents/{mine.Documents[0].Id}")).StatusCode);
        Assert.DoesNotContain((await Applicants.Read<QueuePage>(await both.GetAsync($"{Staff}?search={mine.Reference}"))).Rows, r => r.Id == mine.Id);
        await Problem(await Act(both, mine.Id, "start-review", new CaseCommand(mine.ConcurrencyStamp)), HttpStatusCode.NotFound);
        await Problem(await Act(both, mine.Id, "notes", new AddNote("Looks fine to me.")), HttpStatusCode.NotFound);
        // Colleagues still see it and are told why its own customer cannot handle it.
        var colleague = await Get(await DemoStaffAsync("manager@demo.portal"), mine.Id);
        Assert.Equal(mine.Reference, colleague.Reference);

        // An ordinary customer turns the offer down instead of accepting it.
        var (customer, submitted) = await Applicants.SubmittedAsync(app);
        await ToPendingApprovalAsync(submitted.Id);
        await Do(await DemoStaffAsync("approver@demo.portal"), submitted.Id, "approve", s => new ApproveCase(null, null, null, s));
        var offered = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{submitted.Id}"));
        Assert.Contains(ApplicationAction.Withdraw, offered.Actions);
        var withdrawn = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{submitted.Id}/withdraw", new ApplicationCommand(offered.ConcurrencyStamp))));
        Assert.Equal(ApplicationState.Withdrawn, withdrawn.State);
    }

    [Fact]
    public async Task The_timeline_names_who_took_each_step_the_customer_by_the_name_on_the_application()
    {
        var (_, submitted) = await Applicants.SubmittedAsync(app);
        var assessed = await ToPendingApprovalAsync(submitted.Id);
        var timeline = assessed.Timeline;

        Assert.All(timeline, e => Assert.False(string.IsNullOrWhiteSpace(e.Actor), $"{e.Action} has no actor"));
        // A customer's account has no display name of its own: their steps carry the application's name.
        Assert.All(timeline.Where(e => e.Action is "Start" or "Submit"), e => Assert.Equal((Applicants.FullName, Actor.Owner), (e.Actor, e.By)));
        var review = Assert.Single(timeline, e => e.Action == "StartReview");
        Assert.Equal(Actor.Staff, review.By);
        Assert.StartsWith("Zhang Min", review.Actor);
        // What a step was about: the kind of each reviewed document (not shown as a note), the grade of the assessment.
        Assert.Equal(assessed.Documents.Select(d => d.Kind).Order(), timeline.Where(e => e.Action == "AcceptDocument").Select(e => e.Detail).Order());
        Assert.All(timeline.Where(e => e.Action == "AcceptDocument"), e => Assert.Null(e.InternalNote));
        var assessment = Assert.Single(timeline, e => e.Action == "SubmitAssessment");
        Assert.Equal((assessed.Assessment!.Grade.ToString(), Actor.Staff), (assessment.Detail, assessment.By));
    }

    [Fact]
    public async Task An_offer_not_accepted_in_time_expires_and_the_customer_is_told()
    {
        var (customer, submitted) = await Applicants.SubmittedAsync(app);
        await ToPendingApprovalAsync(submitted.Id);
        var approver = await DemoStaffAsync("approver@demo.portal");
        await Do(approver, submitted.Id, "approve", s => new ApproveCase(null, null, null, s));
        var offered = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{submitted.Id}"));

        var expiry = app.Services.GetRequiredService<Portal.Server.Features.Casework.OfferExpiry>();
        await expiry.ExpireDueAsync(offered.Offer!.ExpiresAt.AddMinutes(-1));
        Assert.Equal(ApplicationState.Approved, (await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{submitted.Id}"))).State);
        await expiry.ExpireDueAsync(offered.Offer.ExpiresAt.AddMinutes(1));
        await expiry.ExpireDueAsync(offered.Offer.ExpiresAt.AddMinutes(2));

        var expired = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{submitted.Id}"));
        Assert.Equal(ApplicationState.Expired, expired.State);
        Assert.Single(expired.Timeline, t => t.State == ApplicationState.Expired);
        // Staff read it as the system's step, which the page names in the reader's language.
        Assert.Equal(Actor.System, Assert.Single((await Get(approver, submitted.Id)).Timeline, e => e.Action == "Expire").By);
        Assert.Equal(HttpStatusCode.Conflict, (await customer.SendAsync(Api.Post($"{Applicants.Api}/{submitted.Id}/accept", new ApplicationCommand(expired.ConcurrencyStamp)))).StatusCode);
        var inbox = await Applicants.Read<Portal.Shared.Features.Messages.Inbox>(await customer.GetAsync("/api/notifications"));
        Assert.Contains(inbox.Items, n => n.State == ApplicationState.Expired);
    }

    [Fact]
    public async Task Two_approvers_deciding_at_once_produce_one_decision_and_the_other_is_told_who_decided()
    {
        var (_, submitted) = await Applicants.SubmittedAsync(app);
        var pending = await ToPendingApprovalAsync(submitted.Id);
        var one = await DemoStaffAsync("approver@demo.portal");
        var two = await DemoStaffAsync("approver2@demo.portal");

        var responses = await Task.WhenAll(
            Act(one, submitted.Id, "approve", new ApproveCase(null, null, null, pending.ConcurrencyStamp)),
            Act(two, submitted.Id, "decline", new DeclineCase([DeclineReason.Affordability], null, pending.ConcurrencyStamp)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var winner = responses[0].StatusCode == HttpStatusCode.OK ? "Liu Yang" : "Zhao Lei";
        Assert.Contains(winner, await loser.Content.ReadAsStringAsync());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.SubjectId == submitted.Id.ToString() && (e.Action == "Approve" || e.Action == "Decline")));
    }

    [Fact]
    public async Task The_audit_log_cannot_be_changed_or_deleted_even_by_hand()
    {
        var (_, submitted) = await Applicants.SubmittedAsync(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var entry = await db.AuditEntries.FirstAsync(e => e.SubjectId == submitted.Id.ToString() && e.Action == "Submit");

        entry.Action = "Rewritten";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Action\" = 'Rewritten' WHERE \"Id\" = {0}", entry.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\" WHERE \"Id\" = {0}", entry.Id));
        Assert.Equal("Submit", (await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == entry.Id)).Action);
    }
}
