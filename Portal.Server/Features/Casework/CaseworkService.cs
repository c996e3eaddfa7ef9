using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Documents;
using Portal.Shared.Features.Documents;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Promotions;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Casework;

/// <summary>Staff handling of one application over EF Core: every step from review to payout (the case as staff see it is <see cref="CaseViews"/>).</summary>
public sealed class CaseworkService(
    PortalDbContext db, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock, ApplicationTerms terms, PromotionRules promotions,
    IOptions<CaseworkOptions> options, ContractWriter contracts, LocalCalendar calendar, CaseViews views) : ICaseworkService
{
    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();
    private string Me => user.Id!;

    private IQueryable<LoanApplication> Cases => db.CasesFor(Me);
    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => calendar.Today;

    /// <summary>The permission the state machine gives the action, whatever the state: a role that may never do it is told so first.</summary>
    private void Require(ApplicationAction action) =>
        user.Require(ApplicationWorkflow.Transitions.First(t => t.Action == action && t.By == Actor.Staff).Permission!);

    private void RequireCasework() => user.Require(Permissions.WorkCases);

    // ---- The case ----------------------------------------------------------------------------

    public async Task<CaseView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        RequireCasework();
        var a = await Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        return a is null ? null : await views.OfAsync(a, ct);
    }

    /// <summary>The signed contract of a case, as the customer downloads it; null until signed.</summary>
    public async Task<byte[]?> GetSignedContractPdfAsync(Guid id, CancellationToken ct = default)
    {
        RequireCasework();
        var a = await Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.SignedAt != null, ct);
        return a is null ? null : contracts.SignedPdf(a);
    }

    // ---- Actions -----------------------------------------------------------------------------

    public async Task<CaseView> AssignAsync(Guid id, AssignCase request, CancellationToken ct = default)
    {
        RequireCasework();
        var assignee = string.IsNullOrEmpty(request.AssigneeId) ? null : request.AssigneeId;
        // Supervisors assign anyone; everyone else may only take an unassigned case for themselves.
        var supervisor = user.Has(Permissions.AssignWork);
        if (!supervisor && assignee != Me) throw new ForbiddenException(SharedText.NotPermitted);
        var a = await LoadAsync(id, request.ConcurrencyStamp, ct);
        if (!supervisor && a.AssigneeId is not null) throw new ForbiddenException(SharedText.CaseAlreadyAssigned);
        var member = assignee is null ? null : (await db.CaseWorkersAsync(ct)).FirstOrDefault(s => s.Id == assignee)
            ?? throw new DomainValidationException(nameof(request.AssigneeId), SharedText.CaseAssigneeUnknown);
        var before = a.Snapshot();
        a.AssigneeId = assignee;
        // Handed to another customer manager outside the other roles' stages: they are the customer's manager now (and
        // the one the customer's messages go to).
        if (member is not null && member.Roles.Contains(Roles.CustomerManager)
            && a.State is not (ApplicationState.RiskAssessment or ApplicationState.PendingApproval or ApplicationState.ContractSigned))
            a.ManagerId = member.Id;
        db.Note(a, "Assign", before, await db.ActorAsync(user, ct), Now);
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> StartReviewAsync(Guid id, CaseCommand request, CancellationToken ct = default)
    {
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.StartReview, ct);
        a.AssigneeId ??= Me;
        a.ManagerId ??= Me;
        db.Move(a, transition, await db.ActorAsync(user, ct), Now);
        return await SaveAsync(a, ct);
    }

    public Task<CaseView> AcceptDocumentAsync(Guid id, Guid documentId, CaseCommand request, CancellationToken ct = default) =>
        ReviewDocumentAsync(id, documentId, request.ConcurrencyStamp, null, ct);

    public Task<CaseView> RejectDocumentAsync(Guid id, Guid documentId, RejectDocument request, CancellationToken ct = default)
    {
        user.Require(Permissions.ReviewApplications);
        DomainValidationException.ThrowIfInvalid([request]);
        return ReviewDocumentAsync(id, documentId, request.ConcurrencyStamp, request.Reason.Trim(), ct);
    }

    /// <summary>The per-document checklist of the initial review: accept, or reject with a reason the customer reads.</summary>
    private async Task<CaseView> ReviewDocumentAsync(Guid id, Guid documentId, Guid stamp, string? rejection, CancellationToken ct)
    {
        user.Require(Permissions.ReviewApplications);
        var a = await LoadAsync(id, stamp, ct);
        if (a.State != ApplicationState.InitialReview) throw new ConflictException(SharedText.DocReviewNotNow);
        RefuseOwn(a);
        var document = await db.Set<ApplicationDocument>().FirstOrDefaultAsync(d => d.Id == documentId && d.ApplicationId == id && d.Status != DocumentStatus.Replaced, ct)
            ?? throw new NotFoundException(SharedText.DocNotFound);
        var before = new { Status = document.Status.ToString(), document.RejectionReason };
        document.Status = rejection is null ? DocumentStatus.Accepted : DocumentStatus.Rejected;
        document.RejectionReason = rejection;
        document.ReviewedById = Me;
        document.ReviewedAt = Now;
        var action = rejection is null ? "AcceptDocument" : "RejectDocument";
        db.Record(Now, await db.ActorAsync(user, ct), action, "Document", document.Id.ToString(), a.Reference,
            before, new { Status = document.Status.ToString(), document.RejectionReason, document.Kind });
        a.Events.Add(new ApplicationEvent { State = a.State, Action = action, At = Now, ActorId = Me, InternalNote = document.Kind });
        return await SaveAsync(a, ct);
    }

    /// <summary>A document of a case, to download or preview: staff who work cases may open any but a draft's.</summary>
    public async Task<ApplicationDocument?> FindDocumentAsync(Guid id, Guid documentId, CancellationToken ct = default, bool preview = false)
    {
        RequireCasework();
        var document = await db.Set<ApplicationDocument>().AsNoTracking()
            .Where(d => d.Id == documentId && d.ApplicationId == id && Cases.Any(a => a.Id == id))
            .FirstOrDefaultAsync(ct);
        if (document is null) return null;
        // Who looked at a customer's ID card or payslip is on the record.
        var reference = await db.Applications.Where(a => a.Id == id).Select(a => a.Reference).FirstAsync(ct);
        db.Record(Now, await db.ActorAsync(user, ct), preview ? "PreviewDocument" : "DownloadDocument", "Document", document.Id.ToString(), reference, null, new { document.Kind });
        await db.SaveChangesAsync(ct);
        return document;
    }

    public async Task<CaseView> VerifyIdentityAsync(Guid id, CaseCommand request, CancellationToken ct = default)
    {
        user.Require(Permissions.ReviewApplications);
        var a = await LoadAsync(id, request.ConcurrencyStamp, ct);
        if (a.State != ApplicationState.InitialReview) throw new ConflictException(SharedText.AppNotAllowedNow);
        RefuseOwn(a);
        var before = a.Snapshot();
        a.IdentityVerifiedById = Me;
        a.IdentityVerifiedAt = Now;
        db.Note(a, "VerifyIdentity", before, await db.ActorAsync(user, ct), Now);
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> RequestInformationAsync(Guid id, RequestInformation request, CancellationToken ct = default)
    {
        Require(ApplicationAction.RequestInformation);
        DomainValidationException.ThrowIfInvalid([request]);
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.RequestInformation, ct);
        db.Move(a, transition, await db.ActorAsync(user, ct), Now, customerNote: request.CustomerNote.Trim());
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> ForwardToRiskAsync(Guid id, CaseCommand request, CancellationToken ct = default)
    {
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.ForwardToRisk, ct);
        a.ReviewedById = Me;
        db.Move(a, transition, await db.ActorAsync(user, ct), Now);
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> SubmitAssessmentAsync(Guid id, SubmitAssessment request, CancellationToken ct = default)
    {
        Require(ApplicationAction.SubmitAssessment);
        DomainValidationException.ThrowIfInvalid([request]);
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.SubmitAssessment, ct);
        if (!Enum.IsDefined(request.Grade)) throw new DomainValidationException(nameof(request.Grade), SharedText.ValRequired);
        var product = await terms.OfAsync(a, ct);
        var score = a.ScoreOn(product, Today);
        var reason = request.OverrideReason?.Trim();
        // The grade is the scorecard's unless the officer writes why it should be another.
        if (request.Grade != score.Grade && (reason is null || reason.Length < 10))
            throw new DomainValidationException(nameof(request.OverrideReason), SharedText.CaseOverrideReasonNeeded);
        if (request.RecommendedAmount is { } recommended && (recommended > Money.FromMinor(a.AmountMinor!.Value) || !product.AllowsAmount(recommended)))
            throw new DomainValidationException(nameof(request.RecommendedAmount),
                string.Format(SharedText.CaseAmountNotAbove, Money.FromMinor(a.AmountMinor!.Value), product.MinAmount, Pricing.AmountStep));

        a.Score = score.Score;
        a.ScoredGrade = score.Grade;
        a.Grade = request.Grade;
        a.GradeOverrideReason = request.Grade == score.Grade ? null : reason;
        a.RecommendedAmountMinor = request.RecommendedAmount is { } r ? Money.ToMinor(r) : null;
        a.ScoreJson = JsonSerializer.Serialize(score);
        a.AssessedById = Me;
        a.AssessedAt = Now;
        db.Move(a, transition, await db.ActorAsync(user, ct), Now, internalNote: Input.Clean(request.InternalNote));
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> ApproveAsync(Guid id, ApproveCase request, CancellationToken ct = default)
    {
        Require(ApplicationAction.Approve);
        DomainValidationException.ThrowIfInvalid([request]);
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.Approve, ct, request.Amount);
        var product = await terms.OfAsync(a, ct);
        var requested = Money.FromMinor(a.AmountMinor!.Value);
        // Unless the approver says otherwise: the first approval's amount, else the risk officer's recommendation, else the request.
        var amount = request.Amount ?? Money.FromMinor(a.OfferAmountMinor ?? a.RecommendedAmountMinor ?? a.AmountMinor.Value);
        var months = request.Months ?? a.OfferMonths ?? a.Months!.Value;
        // Possibly less, never more, than the customer asked for; always within the product.
        if (amount > requested || !product.AllowsAmount(amount))
            throw new DomainValidationException(nameof(request.Amount), string.Format(SharedText.CaseAmountNotAbove, requested, product.MinAmount, Pricing.AmountStep));
        if (months > a.Months || !product.AllowsTerm(months))
            throw new DomainValidationException(nameof(request.Months), string.Format(SharedText.CaseTermNotAbove, a.Months, product.MinMonths));
        // A promotion with a minimum amount keeps its price only for offers of at least that much.
        if (await promotions.OfferProblemAsync(a.PromotionId, Money.ToMinor(amount), ct) is { } belowMinimum)
            throw new DomainValidationException(nameof(request.Amount), belowMinimum);
        // The second of two approvals approves what the first did; different terms mean sending it back.
        if (a.FirstApproverId is not null && (Money.ToMinor(amount) != a.OfferAmountMinor || months != a.OfferMonths))
            throw new DomainValidationException(nameof(request.Amount), SharedText.CaseSecondApprovalSameTerms);

        var actor = await db.ActorAsync(user, ct);
        var before = a.Snapshot();
        a.OfferAmountMinor = Money.ToMinor(amount);
        a.OfferMonths = months;
        a.OfferRatePercent = product.RateFor(a.Grade!.Value);
        if (ApplicationWorkflow.ApprovalsNeeded(amount, await db.HighestApprovalLimitAsync(ct)) == 2 && a.FirstApproverId is null)
        {
            a.FirstApproverId = Me;
            db.Note(a, "FirstApproval", before, actor, Now, Input.Clean(request.InternalNote));
            return await SaveAsync(a, ct);
        }
        a.DecidedById = Me;
        a.DecidedAt = Now;
        a.OfferExpiresAt = Now.AddDays(options.Value.OfferValidDays);
        db.Move(a, transition, actor, Now, internalNote: Input.Clean(request.InternalNote));
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> DeclineAsync(Guid id, DeclineCase request, CancellationToken ct = default)
    {
        Require(ApplicationAction.Decline);
        DomainValidationException.ThrowIfInvalid([request]);
        if (request.Reasons is not { Count: > 0 } || request.Reasons.Any(r => !Enum.IsDefined(r)))
            throw new DomainValidationException(nameof(request.Reasons), SharedText.CaseDeclineReasonNeeded);
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.Decline, ct);
        a.DeclineReasons = string.Join(',', request.Reasons.Distinct());
        a.DecidedById = Me;
        a.DecidedAt = Now;
        db.Move(a, transition, await db.ActorAsync(user, ct), Now, internalNote: Input.Clean(request.InternalNote));
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> SendBackAsync(Guid id, SendBack request, CancellationToken ct = default)
    {
        Require(ApplicationAction.SendBack);
        DomainValidationException.ThrowIfInvalid([request]);
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.SendBack, ct);
        // A new assessment starts over: a first approval of the old one does not carry over.
        a.FirstApproverId = null;
        a.OfferAmountMinor = null;
        a.OfferMonths = null;
        db.Move(a, transition, await db.ActorAsync(user, ct), Now, internalNote: request.InternalNote.Trim());
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> DisburseAsync(Guid id, DisburseCase request, CancellationToken ct = default)
    {
        Require(ApplicationAction.Disburse);
        DomainValidationException.ThrowIfInvalid([request]);
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.Disburse, ct);
        // People record payout times to the minute: a payout in the minute the contract was signed is after it.
        var signedMinute = a.SignedAt!.Value.AddTicks(-(a.SignedAt.Value.Ticks % TimeSpan.TicksPerMinute));
        if (request.PaidAt > Now.AddMinutes(5) || request.PaidAt < signedMinute)
            throw new DomainValidationException(nameof(request.PaidAt), SharedText.CasePaidAtRange);
        // The payout's day where the lender is: the schedule's dates count from it.
        var date = calendar.DateOn(request.PaidAt);
        var product = await terms.OfAsync(a, ct) with { PricedOn = date };
        var offer = a.Offer()!;
        var schedule = offer.Quote(product).Schedule;
        if (request.PaidOut != schedule.AmountPaidOut)
            throw new DomainValidationException(nameof(request.PaidOut), string.Format(SharedText.CasePaidOutMustBe, schedule.AmountPaidOut));

        var waived = (await promotions.BenefitOfAsync(a.PromotionId, ct))?.Benefit is { Kind: Shared.Features.Promotions.PromotionKind.FeeWaiver } waiver ? waiver.WaivedFeeCode : null;
        var loan = Loan.Open(a, offer, schedule, product, date, request.PaidAt, request.BankReference.Trim(), Me, waived);
        db.Loans.Add(loan);
        var actor = await db.ActorAsync(user, ct);
        db.Move(a, transition, actor, Now);
        db.Record(Now, actor, "CreateLoan", "Loan", loan.Id.ToString(), loan.Reference, null,
            new { loan.PrincipalMinor, loan.PaidOutMinor, loan.RatePercent, loan.Months, Method = loan.Method.ToString(), loan.DisbursementDate, loan.BankReference });
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> AddNoteAsync(Guid id, AddNote request, CancellationToken ct = default)
    {
        RequireCasework();
        DomainValidationException.ThrowIfInvalid([request]);
        var a = await Cases.FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException(SharedText.AppNotFound);
        var note = new StaffNote { ApplicationId = a.Id, AuthorId = Me, At = Now, Text = request.Text.Trim() };
        db.StaffNotes.Add(note);
        db.Record(Now, await db.ActorAsync(user, ct), "AddNote", "Application", a.Id.ToString(), a.Reference, null, new { note.Text });
        await db.SaveChangesAsync(ct);
        return await views.OfAsync(a, ct);
    }

    // ---- Rules and helpers -------------------------------------------------------------------

    /// <summary>
    /// Loads the case and checks, in order: the stamp, the state machine (state and permission) and what
    /// the transition requires. <paramref name="approveAmount"/> is the amount an approval is for, if not the one proposed.
    /// </summary>
    private async Task<(LoanApplication, Transition)> BeginAsync(Guid id, Guid stamp, ApplicationAction action, CancellationToken ct, decimal? approveAmount = null)
    {
        Require(action);
        var a = await LoadAsync(id, stamp, ct);
        var transition = ApplicationWorkflow.Find(a.State, action) ?? throw new ConflictException(SharedText.AppNotAllowedNow);
        if (!ApplicationWorkflow.Allows(transition, Principal, isOwner: false)) throw new ForbiddenException(SharedText.NotPermitted);
        var facts = await views.FactsAsync(a, ct);
        if (approveAmount is { } amount) facts = facts with { Amount = amount };
        var blockers = ApplicationWorkflow.Blockers(action, facts, Me);
        if (blockers.Count > 0)
            throw new ForbiddenException(blockers[0].Describe());
        return (a, transition);
    }

    private void RefuseOwn(LoanApplication a)
    {
        if (a.CustomerId == Me) throw new ForbiddenException(Blocker.OwnApplication.Describe());
    }

    private async Task<LoanApplication> LoadAsync(Guid id, Guid stamp, CancellationToken ct)
    {
        var a = await Cases.FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException(SharedText.AppNotFound);
        if (a.ConcurrencyStamp != stamp) throw new ConflictException(await ChangedByAsync(a.Id, ct));
        db.Entry(a).Property(x => x.ConcurrencyStamp).OriginalValue = stamp;
        return a;
    }

    private async Task<CaseView> SaveAsync(LoanApplication a, CancellationToken ct)
    {
        a.UpdatedAt = Now;
        a.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DbUpdateException)
        {
            // Someone else's decision landed first (or a second loan for this application was refused): say who.
            db.ChangeTracker.Clear();
            throw new ConflictException(await ChangedByAsync(a.Id, ct));
        }
        return await views.OfAsync(a, ct);
    }

    /// <summary>"Liu Yang changed this case a moment ago": the other person is told who acted, not just that something changed.</summary>
    private async Task<string> ChangedByAsync(Guid id, CancellationToken ct)
    {
        var last = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == id).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault())
            .FirstOrDefaultAsync(ct);
        return last is null ? SharedText.AppChanged : string.Format(SharedText.CaseChangedBy, last);
    }
}
