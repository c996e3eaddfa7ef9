using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Documents;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Promotions;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Documents;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Features.Casework;

/// <summary>
/// The case as staff see it (<see cref="CaseView"/>): the application, its score and assessment, documents, timeline and notes,
/// and which steps the signed-in staff member may take now. <see cref="CaseworkService"/> takes the steps.
/// </summary>
public sealed class CaseViews(
    PortalDbContext db, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock, NationalIds nationalIds, ApplicationTerms terms,
    PromotionRules promotions, LocalCalendar calendar)
{
    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();
    private string Me => user.Id!;
    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => calendar.Today;

    /// <summary>What the state machine needs to know about the case for the signed-in staff member (its blockers).</summary>
    public async Task<CaseFacts> FactsAsync(LoanApplication a, CancellationToken ct) =>
        await FactsAsync(a, await terms.OfAsync(a, ct), await DocumentFiles.ListAsync(db, a.Id, ct), ct);

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
            HighestLimit: await db.HighestApprovalLimitAsync(ct),
            GradeOffered: a.Grade is { } g && product.RateFor(g) is not null);
    }

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

    /// <summary>The case as the signed-in staff member sees it, with the steps they may take and what blocks the others.</summary>
    public async Task<CaseView> OfAsync(LoanApplication a, CancellationToken ct)
    {
        var product = await terms.OfAsync(a, ct);
        var names = db.Users.AsNoTracking();
        var events = await TimelineAsync(a, ct);
        var notes = await db.StaffNotes.AsNoTracking().Where(n => n.ApplicationId == a.Id).OrderBy(n => n.At).ThenBy(n => n.Id)
            .Select(n => new InternalNote(n.At, names.Where(u => u.Id == n.AuthorId).Select(u => u.DisplayName).FirstOrDefault() ?? "", n.Text))
            .ToListAsync(ct);
        // The people the case names, in one query.
        string?[] named = [a.CustomerId, a.AssigneeId, a.IdentityVerifiedById, a.FirstApproverId, a.AssessedById];
        var people = await names.Where(u => named.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, ct);
        string? NameOf(string? id) => id is not null && people.TryGetValue(id, out var person) ? person.DisplayName : null;
        var customerEmail = people.GetValueOrDefault(a.CustomerId)?.Email ?? "";
        var loan = await db.LoanOfAsync(a.Id, ct);
        var documents = await DocumentFiles.ListAsync(db, a.Id, ct);

        var facts = await FactsAsync(a, product, documents, ct);
        var possible = ApplicationWorkflow.From(a.State).Where(t => t.By == Actor.Staff && ApplicationWorkflow.Allows(t, Principal, isOwner: false))
            .Select(t => t.Action).Distinct().ToList();
        var blocked = possible.ToDictionary(action => action, action => ApplicationWorkflow.Blockers(action, facts, Me).ToArray());
        var nationalId = nationalIds.Reveal(a);

        AssessmentView? assessment = null;
        if (a is { Score: { } score, ScoredGrade: { } scored, Grade: { } grade, ScoreJson: { } json })
        {
            var result = JsonSerializer.Deserialize<ScoreResult>(json)!;
            assessment = new AssessmentView(score, scored, grade, a.GradeOverrideReason,
                a.RecommendedAmountMinor is { } r ? Money.FromMinor(r) : null, product.RateFor(grade), result.Parts, result.Reasons,
                NameOf(a.AssessedById) ?? "", a.AssessedAt!.Value);
        }
        var amount = facts.Amount;
        return new CaseView
        {
            Id = a.Id,
            Reference = a.Reference,
            State = a.State,
            ApplicantType = a.ApplicantType,
            CustomerEmail = customerEmail,
            Draft = a.ToDraft(),
            MaskedNationalId = nationalId is null ? null : NationalIds.Mask(nationalId),
            SubmittedAt = a.SubmittedAt,
            AssigneeId = a.AssigneeId,
            AssigneeName = NameOf(a.AssigneeId),
            IdentityVerifiedBy = NameOf(a.IdentityVerifiedById),
            Score = a.AmountMinor is not null && a.Months is not null && a.Method is not null ? a.ScoreOn(product, Today) : null,
            Assessment = assessment,
            FirstApprover = NameOf(a.FirstApproverId),
            ApprovalsNeeded = ApplicationWorkflow.ApprovalsNeeded(amount, facts.HighestLimit),
            Offer = a.Offer() ?? (a is { OfferAmountMinor: { } pa, OfferMonths: { } pm, OfferRatePercent: { } pr, Grade: { } pg }
                ? new OfferTerms(Money.FromMinor(pa), pm, a.Method!.Value, pg, pr, Now) : null),
            DeclineReasons = a.DeclineReasonsGiven(),
            Documents = documents,
            Loan = loan,
            Timeline = events,
            Notes = notes,
            Actions = blocked.Where(b => b.Value.Length == 0).Select(b => b.Key).ToList(),
            Blocked = blocked.Where(b => b.Value.Length > 0).ToDictionary(),
            CanAssign = user.Has(Permissions.AssignWork),
            ConcurrencyStamp = a.ConcurrencyStamp,
            Product = product,
            Promotion = await promotions.BenefitOfAsync(a.PromotionId, ct),
        };
    }
}
