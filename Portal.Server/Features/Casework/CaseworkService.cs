using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Documents;
using Portal.Shared.Features.Documents;
using Portal.Server.Features.Loans;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;
using Portal.Shared.Formatting;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Casework;

public sealed class CaseworkOptions
{
    /// <summary>How long a customer has to accept and sign an offer.</summary>
    public int OfferValidDays { get; set; } = 30;

    /// <summary>How often expired offers are looked for.</summary>
    public double ExpiryCheckMinutes { get; set; } = 15;

    /// <summary>Off only where the caller expires offers itself, at the moment it chooses (the integration tests).</summary>
    public bool ExpireInBackground { get; set; } = true;
}

/// <summary>Staff handling of applications over EF Core: the queue, the case, and every step from review to disbursement.</summary>
public sealed class CaseworkService(
    PortalDbContext db, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock, IDataProtectionProvider protection,
    IOptions<DisclosureOptions> disclosure, IOptions<CaseworkOptions> options, ContractWriter contracts, LocalCalendar calendar) : ICaseworkService
{
    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();
    private string Me => user.Id!;

    /// <summary>
    /// The applications staff may see: submitted ones, never their own — whatever their roles, nobody reads the internal
    /// notes of, or acts for the lender on, their own application (for them it is not there).
    /// </summary>
    private IQueryable<LoanApplication> Cases => db.Applications.Where(a => a.State != ApplicationState.Draft && a.CustomerId != Me);
    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => calendar.Today;

    /// <summary>The permission the state machine gives the action, whatever the state: a role that may never do it is told so first.</summary>
    private void Require(ApplicationAction action) =>
        user.Require(ApplicationWorkflow.Transitions.First(t => t.Action == action && t.By == Actor.Staff).Permission!);

    private void RequireCasework() => user.Require(Permissions.WorkCases);

    // ---- Queue -------------------------------------------------------------------------------

    public async Task<QueuePage> QueueAsync(QueueQuery q, CancellationToken ct = default)
    {
        RequireCasework();
        DomainValidationException.ThrowIfInvalid([q]);
        var query = Cases.AsNoTracking();
        if (q.State is { } state) query = query.Where(a => a.State == state);
        else if (q.OpenOnly)
        {
            // Compared with a parameter, not tested as a bare column: an equality is what lets the
            // (…, IsOpen, SubmittedAt, Id) indexes go on to serve the order too.
            var open = true;
            query = query.Where(a => a.IsOpen == open);
        }
        if (!string.IsNullOrWhiteSpace(q.Product))
        {
            var productId = await db.Products.Where(p => p.Slug == q.Product).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? -1;
            query = query.Where(a => a.ProductId == productId);
        }
        query = q.Assignee switch
        {
            null or "" => query,
            QueueAssignee.Me => query.Where(a => a.AssigneeId == Me),
            QueueAssignee.Nobody => query.Where(a => a.AssigneeId == null),
            var someone => query.Where(a => a.AssigneeId == someone),
        };
        if (q.WithinMyLimit) query = await WithinMyLimitAsync(query, ct);
        if (q.MinAgeDays is { } days)
        {
            var cutoff = Now.AddDays(-days);
            query = query.Where(a => a.SubmittedAt <= cutoff);
        }
        var cursor = Cursor.Parse(q.After);
        var nameSearch = false;
        if (q.Search?.Trim() is { Length: > 0 } search)
        {
            if (search.StartsWith("HB-", StringComparison.OrdinalIgnoreCase))
            {
                var reference = search.ToUpperInvariant();
                query = query.Where(a => a.Reference == reference);
            }
            else
            {
                // A range over the indexed lower-case name, which every database can seek (LIKE often cannot).
                nameSearch = true;
                var from = search.ToLowerInvariant();
                var to = from[..^1] + (char)(from[^1] + 1);
                // A later page in name order starts at its cursor's name: given two lower bounds, SQLite seeks to the
                // search's and walks every earlier page, so a page deep in the results costs more the deeper it is.
                if (q.Sort == QueueSort.Name && cursor is { } c && string.CompareOrdinal(c.Name, from) >= 0)
                    query = query.Where(a => string.Compare(a.SearchName, to) < 0);
                else
                    query = query.Where(a => string.Compare(a.SearchName, from) >= 0 && string.Compare(a.SearchName, to) < 0);
            }
        }

        var size = q.PageSize;
        // Each keyset condition starts with a plain range on the leading sort column, which lets the
        // database seek straight to the page in the index instead of walking every earlier row.
        IQueryable<LoanApplication> page = q.Sort switch
        {
            QueueSort.NewestFirst => (cursor is { } c
                    ? query.Where(a => a.SubmittedAt <= c.At && (a.SubmittedAt < c.At || a.Id < c.Id))
                    : query)
                .OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id),
            QueueSort.Name => (cursor is { } c
                    ? query.Where(a => string.Compare(a.SearchName, c.Name) >= 0 && (string.Compare(a.SearchName, c.Name) > 0 || a.Id > c.Id))
                    : query)
                .OrderBy(a => a.SearchName).ThenBy(a => a.Id),
            QueueSort.LargestFirst => (cursor is { } c
                    ? query.Where(a => a.AmountMinor <= c.Amount && (a.AmountMinor < c.Amount || a.Id < c.Id))
                    : query)
                .OrderByDescending(a => a.AmountMinor).ThenByDescending(a => a.Id),
            _ => (cursor is { } c
                    ? query.Where(a => a.SubmittedAt >= c.At && (a.SubmittedAt > c.At || a.Id > c.Id))
                    : query)
                .OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id),
        };
        // A name search in another order takes the page's ids first, from the name index (it carries the open flag,
        // state, date and amount; a product or assignee filter still reads rows), then their rows: asked at once,
        // PostgreSQL walked the date index reading rows until enough names matched, and SQLite read each match's row
        // (README, the staff work queue).
        List<Guid>? ids = null;
        if (nameSearch && q.Sort != QueueSort.Name)
        {
            ids = await page.Take(size + 1).Select(a => a.Id).ToListAsync(ct);
            if (ids.Count == 0) return new QueuePage([], null);
            page = db.Applications.Where(a => ids.Contains(a.Id));
        }
        var zh = Bilingual.IsChinese();
        var rows = await page.Take(size + 1)
            .Select(a => new
            {
                a.Id, a.Reference, a.ApplicantType, a.FullName, a.BusinessName, a.SearchName,
                Name = zh && a.ProductVersion!.NameZh != "" ? a.ProductVersion.NameZh : a.ProductVersion!.Name, a.State, a.AmountMinor, a.SubmittedAt,
                Assignee = db.Users.Where(u => u.Id == a.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
                Unread = db.Set<Messages.Message>().Count(m => m.ApplicationId == a.Id && !m.FromStaff && m.ReadAt == null),
            })
            .ToListAsync(ct);
        if (ids is not null) rows = [.. rows.OrderBy(r => ids.IndexOf(r.Id))];
        var next = rows.Count > size
            ? new Cursor(rows[size - 1].SubmittedAt!.Value, rows[size - 1].AmountMinor ?? 0, rows[size - 1].Id, rows[size - 1].SearchName ?? "").ToString()
            : null;
        return new QueuePage(rows.Take(size).Select(r => new QueueRow(
            r.Id, r.Reference, (r.ApplicantType == ApplicantType.Business ? r.BusinessName : r.FullName) ?? "", r.Name, r.State,
            r.AmountMinor is { } m ? Money.FromMinor(m) : null, r.SubmittedAt!.Value, r.Assignee, r.Unread)).ToList(), next);
    }

    /// <summary>Where the previous page ended: opaque to the browser, checked when read back.</summary>
    private sealed record Cursor(DateTimeOffset At, long Amount, Guid Id, string Name)
    {
        public override string ToString() =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{At.UtcTicks}|{Amount}|{Id}|{Name}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static Cursor? Parse(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            try
            {
                var padded = text.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - padded.Length % 4) % 4);
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|', 4);
                return new Cursor(new DateTimeOffset(long.Parse(parts[0]), TimeSpan.Zero), long.Parse(parts[1]), Guid.Parse(parts[2]), parts[3]);
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
            {
                throw new DomainValidationException(nameof(QueueQuery.After), SharedText.QueueCursorInvalid);
            }
        }
    }

    // ---- The case ----------------------------------------------------------------------------

    public async Task<CaseView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        RequireCasework();
        var a = await Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        return a is null ? null : await ViewAsync(a, ct);
    }

    /// <summary>The signed contract of a case, as the customer downloads it; null until signed.</summary>
    public async Task<byte[]?> GetSignedContractPdfAsync(Guid id, CancellationToken ct = default)
    {
        RequireCasework();
        var a = await Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.SignedAt != null, ct);
        return a is null ? null : contracts.SignedPdf(a);
    }

    public async Task<IReadOnlyList<StaffMember>> StaffAsync(CancellationToken ct = default)
    {
        // Case workers pick assignees from it; administrators set approvers' limits on it.
        if (!user.Has(Permissions.ManageStaff)) RequireCasework();
        var staffRoles = Permissions.GrantedTo[Permissions.WorkCases];
        var rows = await (
            from u in db.Users
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where staffRoles.Contains(r.Name!)
            select new { u.Id, u.DisplayName, Role = r.Name!, u.ApprovalLimitMinor }).ToListAsync(ct);
        return rows.GroupBy(r => r.Id)
            .Select(g => new StaffMember(g.Key, g.First().DisplayName, g.Select(r => r.Role).Order().ToList(),
                g.First().ApprovalLimitMinor is { } l ? Money.FromMinor(l) : null))
            .OrderBy(s => s.Name).ToList();
    }

    /// <summary>
    /// The cases the caller could approve by amount, by the rule <see cref="ApplicationWorkflow"/> applies: the amount to
    /// approve (the recommended one if risk lowered it) within their limit, or above every approver's limit (two approvals,
    /// by any approver with a limit).
    /// </summary>
    private async Task<IQueryable<LoanApplication>> WithinMyLimitAsync(IQueryable<LoanApplication> query, CancellationToken ct)
    {
        var limit = await db.Users.Where(u => u.Id == Me).Select(u => u.ApprovalLimitMinor).FirstOrDefaultAsync(ct) ?? 0;
        if (limit <= 0) return query.Where(a => false);
        var highest = Money.ToMinor(await HighestLimitAsync(ct));
        var me = Me;
        // Not their own application, nor one they have given the first of two approvals to: they cannot act on those.
        return query.Where(a => a.CustomerId != me && (a.FirstApproverId == null || a.FirstApproverId != me)
            && ((a.OfferAmountMinor ?? a.RecommendedAmountMinor ?? a.AmountMinor) <= limit
                || (a.OfferAmountMinor ?? a.RecommendedAmountMinor ?? a.AmountMinor) > highest));
    }

    /// <summary>
    /// For the staff home: what each of the caller's roles acts on next, counted: new applications for customer managers,
    /// cases awaiting assessment for risk officers, awaiting approval within the approver's limit, awaiting payout for
    /// loan operations, and every case in the caller's hands now. Each comes with the queue's address for it.
    /// </summary>
    public async Task<IReadOnlyList<WaitingWork>> WaitingAsync(CancellationToken ct = default)
    {
        RequireCasework();
        var open = Cases.AsNoTracking().Where(a => a.IsOpen);
        var waiting = new List<WaitingWork>();
        async Task Count(string permission, string kind, IQueryable<LoanApplication> cases, string query)
        {
            if (user.Has(permission)) waiting.Add(new WaitingWork(kind, await cases.CountAsync(ct), query));
        }

        await Count(Permissions.ReviewApplications, "New", open.Where(a => a.State == ApplicationState.Submitted), "state=Submitted");
        await Count(Permissions.AssessRisk, "Assessment", open.Where(a => a.State == ApplicationState.RiskAssessment), "state=RiskAssessment");
        await Count(Permissions.ApproveApplications, "Approval", await WithinMyLimitAsync(open.Where(a => a.State == ApplicationState.PendingApproval), ct),
            "state=PendingApproval&withinMyLimit=true");
        await Count(Permissions.DisburseLoans, "Payout", open.Where(a => a.State == ApplicationState.ContractSigned), "state=ContractSigned");
        waiting.Add(new WaitingWork("Mine", await open.CountAsync(a => a.AssigneeId == Me, ct), $"assignee={QueueAssignee.Me}"));
        return waiting;
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
        var member = assignee is null ? null : (await StaffAsync(ct)).FirstOrDefault(s => s.Id == assignee)
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
        var product = await ProductOfAsync(a, ct);
        var score = ScoreOf(a, product, Today);
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
        db.Move(a, transition, await db.ActorAsync(user, ct), Now, internalNote: ApplicationsService.Clean(request.InternalNote));
        return await SaveAsync(a, ct);
    }

    public async Task<CaseView> ApproveAsync(Guid id, ApproveCase request, CancellationToken ct = default)
    {
        Require(ApplicationAction.Approve);
        DomainValidationException.ThrowIfInvalid([request]);
        var (a, transition) = await BeginAsync(id, request.ConcurrencyStamp, ApplicationAction.Approve, ct, request.Amount);
        var product = await ProductOfAsync(a, ct);
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
        if (await Promotions.PromotionsService.OfferProblemAsync(db, a.PromotionId, Money.ToMinor(amount), ct) is { } belowMinimum)
            throw new DomainValidationException(nameof(request.Amount), belowMinimum);
        // The second of two approvals approves what the first did; different terms mean sending it back.
        if (a.FirstApproverId is not null && (Money.ToMinor(amount) != a.OfferAmountMinor || months != a.OfferMonths))
            throw new DomainValidationException(nameof(request.Amount), SharedText.CaseSecondApprovalSameTerms);

        var actor = await db.ActorAsync(user, ct);
        var before = a.Snapshot();
        a.OfferAmountMinor = Money.ToMinor(amount);
        a.OfferMonths = months;
        a.OfferRatePercent = product.RateFor(a.Grade!.Value);
        if (ApplicationWorkflow.ApprovalsNeeded(amount, await HighestLimitAsync(ct)) == 2 && a.FirstApproverId is null)
        {
            a.FirstApproverId = Me;
            db.Note(a, "FirstApproval", before, actor, Now, ApplicationsService.Clean(request.InternalNote));
            return await SaveAsync(a, ct);
        }
        a.DecidedById = Me;
        a.DecidedAt = Now;
        a.OfferExpiresAt = Now.AddDays(options.Value.OfferValidDays);
        db.Move(a, transition, actor, Now, internalNote: ApplicationsService.Clean(request.InternalNote));
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
        db.Move(a, transition, await db.ActorAsync(user, ct), Now, internalNote: ApplicationsService.Clean(request.InternalNote));
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
        var product = await ProductOfAsync(a, ct) with { PricedOn = date };
        var offer = OfferOf(a)!;
        var schedule = offer.Quote(product).Schedule;
        if (request.PaidOut != schedule.AmountPaidOut)
            throw new DomainValidationException(nameof(request.PaidOut), string.Format(SharedText.CasePaidOutMustBe, schedule.AmountPaidOut));

        var loan = new Loan
        {
            Id = Guid.NewGuid(),
            Reference = ApplicationsService.NewReference("LN-"),
            ApplicationId = a.Id,
            CustomerId = a.CustomerId,
            ProductVersionId = a.ProductVersionId,
            PrincipalMinor = Money.ToMinor(offer.Amount),
            PaidOutMinor = Money.ToMinor(schedule.AmountPaidOut),
            RatePercent = offer.RatePercent,
            Months = offer.Months,
            Method = offer.Method,
            Grade = offer.Grade,
            DisbursementDate = date,
            DisbursedAt = request.PaidAt.ToUniversalTime(),
            BankReference = request.BankReference.Trim(),
            DisbursedById = Me,
            GraceDays = product.GraceDays,
            PenaltyMarkupPercent = product.PenaltyMarkupPercent,
            PromotionId = a.PromotionId,
            ManagerId = a.ManagerId,
            WaivedFeeCode = (await Promotions.PromotionsService.BenefitOfAsync(db, a.PromotionId, disclosure.Value.Currency, ct))?.Benefit is { Kind: Shared.Features.Promotions.PromotionKind.FeeWaiver } waiver ? waiver.WaivedFeeCode : null,
            Status = LoanStatus.Active,
            PrincipalOutstandingMinor = Money.ToMinor(offer.Amount),
            NextDueDate = schedule.Rows[0].DueDate,
            ReviewedOn = date,
            Instalments = schedule.Rows.Select(r => new LoanInstalment
            {
                Number = r.Number, DueDate = r.DueDate,
                PrincipalMinor = Money.ToMinor(r.Principal), InterestMinor = Money.ToMinor(r.Interest), FeeMinor = Money.ToMinor(r.Fee),
            }).ToList(),
        };
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
        return await ViewAsync(a, ct);
    }

    public async Task<StaffMember> SetApprovalLimitAsync(string userId, ApprovalLimit request, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageStaff);
        DomainValidationException.ThrowIfInvalid([request]);
        var person = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException(SharedText.CaseAssigneeUnknown);
        var isApprover = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                where ur.UserId == userId && r.Name == Roles.Approver select ur).AnyAsync(ct);
        if (!isApprover && request.Limit is not null)
            throw new DomainValidationException(nameof(request.Limit), SharedText.CaseLimitOnlyApprovers);
        var before = new { person.ApprovalLimitMinor };
        person.ApprovalLimitMinor = request.Limit is { } l ? Money.ToMinor(l) : null;
        db.Record(Now, await db.ActorAsync(user, ct), "SetApprovalLimit", "User", person.Id, null, before, new { person.ApprovalLimitMinor });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The account changed meanwhile (another administrator, or the person's own settings).
            throw new ConflictException(SharedText.CaseLimitChanged);
        }
        return (await StaffAsync(ct)).Single(s => s.Id == userId);
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
        var facts = await FactsAsync(a, ct);
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
        return await ViewAsync(a, ct);
    }

    /// <summary>"Liu Yang changed this case a moment ago": the other person is told who acted, not just that something changed.</summary>
    private async Task<string> ChangedByAsync(Guid id, CancellationToken ct)
    {
        var last = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == id).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => db.Users.Where(u => u.Id == e.ActorId).Select(u => u.DisplayName).FirstOrDefault())
            .FirstOrDefaultAsync(ct);
        return last is null ? SharedText.AppChanged : string.Format(SharedText.CaseChangedBy, last);
    }

    private async Task<decimal> HighestLimitAsync(CancellationToken ct)
    {
        var highest = await (from u in db.Users
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where r.Name == Roles.Approver && u.ApprovalLimitMinor != null
                             select u.ApprovalLimitMinor).MaxAsync(ct);
        return highest is { } h ? Money.FromMinor(h) : 0m;
    }

    private async Task<CaseFacts> FactsAsync(LoanApplication a, CancellationToken ct) =>
        await FactsAsync(a, await ProductOfAsync(a, ct), await DocumentFiles.ListAsync(db, a.Id, ct), ct);

    private async Task<CaseFacts> FactsAsync(LoanApplication a, ProductDetails product, IReadOnlyList<DocumentView> documents, CancellationToken ct)
    {
        var limit = await db.Users.Where(u => u.Id == Me).Select(u => u.ApprovalLimitMinor).FirstOrDefaultAsync(ct);
        var amount = a.OfferAmountMinor ?? a.RecommendedAmountMinor ?? a.AmountMinor ?? 0;
        // Everyone who ever took a review or assessment step on the case, not only the last one.
        var steps = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == a.Id)
            .Select(e => new { e.Action, e.ActorId }).ToListAsync(ct);
        return new CaseFacts(
            CustomerId: a.CustomerId,
            IdentityVerified: a.IdentityVerifiedById is not null,
            DocumentsAccepted: DocumentRules.AllAccepted(product.RequiredDocuments, documents),
            Reviewers: steps.Where(e => ApplicationWorkflow.ReviewSteps.Contains(e.Action)).Select(e => e.ActorId).Distinct().ToList(),
            Assessors: steps.Where(e => e.Action == nameof(ApplicationAction.SubmitAssessment)).Select(e => e.ActorId).Distinct().ToList(),
            FirstApprover: a.FirstApproverId,
            Amount: Money.FromMinor(amount),
            CallerLimit: limit is { } l ? Money.FromMinor(l) : null,
            HighestLimit: await HighestLimitAsync(ct),
            GradeOffered: a.Grade is { } g && product.RateFor(g) is not null);
    }

    private Task<ProductDetails> ProductOfAsync(LoanApplication a, CancellationToken ct) =>
        ApplicationsService.ProductOfAsync(db, a, disclosure.Value, Today, ct);

    /// <summary>The scorecard on what the applicant told us: for a business, a twelfth of its revenue is its monthly income.</summary>
    internal static ScoreResult ScoreOf(LoanApplication a, ProductDetails product, DateOnly today)
    {
        var business = a.ApplicantType == ApplicantType.Business;
        var income = business ? Money.FromMinor(a.AnnualRevenueMinor ?? 0) / 12m : Money.FromMinor(a.MonthlyIncomeMinor ?? 0);
        var profile = new ApplicantProfile(
            a.DateOfBirth is { } born ? ApplicationDraft.AgeOn(born, today) : 0,
            Money.Round(income), Money.FromMinor(a.MonthlyObligationsMinor ?? 0),
            (business ? a.YearsTrading : a.YearsEmployed) ?? 0, a.PermanentResident, business ? a.Industry : null);
        return Scorecard.Score(product, profile, Money.FromMinor(a.AmountMinor ?? 0), a.Months ?? product.MinMonths, a.Method ?? product.Methods[0], product.Scorecard);
    }

    internal static OfferTerms? OfferOf(LoanApplication a) =>
        a is { OfferAmountMinor: { } amount, OfferMonths: { } months, OfferRatePercent: { } rate, Grade: { } grade, OfferExpiresAt: { } expires }
            ? new OfferTerms(Money.FromMinor(amount), months, a.Method!.Value, grade, rate, expires)
            : null;

    internal static IReadOnlyList<DeclineReason> DeclineReasonsOf(LoanApplication a) =>
        a.DeclineReasons is { Length: > 0 } text ? text.Split(',').Select(Enum.Parse<DeclineReason>).ToList() : [];

    /// <summary>
    /// The case's events with who took each step: staff by their name, the customer by the name on the application (the
    /// one staff see on the case; a customer's account often has none), else their account's, else their email; the system as the system.
    /// </summary>
    private async Task<List<CaseEvent>> TimelineAsync(LoanApplication a, CancellationToken ct)
    {
        var events = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == a.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(ct);
        var ids = events.Select(e => e.ActorId).Append(a.CustomerId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
        var customer = people.GetValueOrDefault(a.CustomerId);
        var customerName = new[] { a.FullName, customer?.DisplayName, a.BusinessName, customer?.Email }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? "";
        // Events keep no grade; the application holds the one its latest assessment gave (earlier ones are in the audit log).
        var latestAssessment = events.LastOrDefault(e => e.Action == nameof(ApplicationAction.SubmitAssessment));
        return events.Select(e =>
        {
            var (by, name) = e.ActorId == a.CustomerId ? (Actor.Owner, customerName)
                : people.GetValueOrDefault(e.ActorId) is { } person ? (Actor.Staff, string.IsNullOrWhiteSpace(person.DisplayName) ? person.Email ?? "" : person.DisplayName)
                : (Actor.System, "");
            // A document review's note is the document's kind (ReviewDocumentAsync), so it names the event rather than annotating it.
            var (detail, internalNote) = e.Action is "AcceptDocument" or "RejectDocument" ? (e.InternalNote, null)
                : (e == latestAssessment ? a.Grade?.ToString() : null, e.InternalNote);
            return new CaseEvent(e.State, e.Action, e.At, name, e.CustomerNote, internalNote, by, detail);
        }).ToList();
    }

    private async Task<CaseView> ViewAsync(LoanApplication a, CancellationToken ct)
    {
        var product = await ProductOfAsync(a, ct);
        var names = db.Users.AsNoTracking();
        var events = await TimelineAsync(a, ct);
        var notes = await db.StaffNotes.AsNoTracking().Where(n => n.ApplicationId == a.Id).OrderBy(n => n.At).ThenBy(n => n.Id)
            .Select(n => new InternalNote(n.At, names.Where(u => u.Id == n.AuthorId).Select(u => u.DisplayName).FirstOrDefault() ?? "", n.Text))
            .ToListAsync(ct);
        string? NameOf(string? id) => id is null ? null : names.Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefault();
        var customerEmail = await names.Where(u => u.Id == a.CustomerId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? "";
        var loan = await db.LoanOfAsync(a.Id, ct);
        var documents = await DocumentFiles.ListAsync(db, a.Id, ct);

        var facts = await FactsAsync(a, product, documents, ct);
        var possible = ApplicationWorkflow.From(a.State).Where(t => t.By == Actor.Staff && ApplicationWorkflow.Allows(t, Principal, isOwner: false))
            .Select(t => t.Action).Distinct().ToList();
        var blocked = possible.ToDictionary(action => action, action => ApplicationWorkflow.Blockers(action, facts, Me).ToArray());
        var nationalId = a.NationalIdProtected is { } protectedId ? ApplicationsService.NationalIdProtector(protection).Unprotect(protectedId) : null;

        AssessmentView? assessment = null;
        if (a is { Score: { } score, ScoredGrade: { } scored, Grade: { } grade, ScoreJson: { } json })
        {
            var result = JsonSerializer.Deserialize<ScoreResult>(json)!;
            assessment = new AssessmentView(score, scored, grade, a.GradeOverrideReason,
                a.RecommendedAmountMinor is { } r ? Money.FromMinor(r) : null, product.RateFor(grade), result.Parts, result.Reasons,
                NameOf(a.AssessedById) ?? "", a.AssessedAt!.Value);
        }
        var amount = facts.Amount;
        return new CaseView(
            a.Id, a.Reference, a.State, a.ApplicantType, customerEmail,
            ApplicationsService.ToDraft(a), nationalId is null ? null : ApplicationsService.Mask(nationalId), a.SubmittedAt,
            a.AssigneeId, NameOf(a.AssigneeId), NameOf(a.IdentityVerifiedById),
            a.AmountMinor is not null && a.Months is not null && a.Method is not null ? ScoreOf(a, product, Today) : null,
            assessment, NameOf(a.FirstApproverId), ApplicationWorkflow.ApprovalsNeeded(amount, facts.HighestLimit),
            OfferOf(a) ?? (a is { OfferAmountMinor: { } pa, OfferMonths: { } pm, OfferRatePercent: { } pr, Grade: { } pg }
                ? new OfferTerms(Money.FromMinor(pa), pm, a.Method!.Value, pg, pr, Now) : null),
            DeclineReasonsOf(a), documents, loan, events, notes,
            blocked.Where(b => b.Value.Length == 0).Select(b => b.Key).ToList(),
            blocked.Where(b => b.Value.Length > 0).ToDictionary(),
            user.Has(Permissions.AssignWork),
            a.ConcurrencyStamp, product)
        {
            Promotion = await Promotions.PromotionsService.BenefitOfAsync(db, a.PromotionId, disclosure.Value.Currency, ct),
        };
    }
}
