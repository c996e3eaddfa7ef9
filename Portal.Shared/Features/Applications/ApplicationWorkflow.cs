using Portal.Shared.Security;

namespace Portal.Shared.Features.Applications;

/// <summary>SPEC 2.4: where an application is. The order is the journey's order.</summary>
public enum ApplicationState
{
    Draft, Submitted, InitialReview, NeedsInformation, RiskAssessment, PendingApproval,
    Approved, Declined, OfferAccepted, ContractSigned, Disbursed, Withdrawn, Expired,
}

public enum ApplicationAction
{
    Submit, StartReview, RequestInformation, ProvideInformation, ForwardToRisk, SubmitAssessment,
    Approve, Decline, SendBack, AcceptOffer, SignContract, Disburse, Withdraw, Expire,
}

/// <summary>Who may take a transition: the customer who owns the application, staff holding a permission, or the system.</summary>
public enum Actor { Owner, Staff, System }

/// <summary>One allowed move. <see cref="Permission"/> is set when <see cref="By"/> is <see cref="Actor.Staff"/>.</summary>
public sealed record Transition(ApplicationAction Action, ApplicationState From, ApplicationState To, Actor By, string? Permission = null);

/// <summary>
/// The one state machine: every transition an application can make, and who may make it.
/// Services ask it before any change; pages ask it which actions to offer. What a transition
/// additionally requires (a complete checklist, an authority limit, four eyes) is checked by the
/// service that carries it out, with the data in hand.
/// </summary>
public static class ApplicationWorkflow
{
    private static readonly ApplicationState[] BeforeDecision =
    [
        ApplicationState.Draft, ApplicationState.Submitted, ApplicationState.InitialReview,
        ApplicationState.NeedsInformation, ApplicationState.RiskAssessment, ApplicationState.PendingApproval,
    ];

    public static readonly IReadOnlyList<Transition> Transitions =
    [
        new(ApplicationAction.Submit, ApplicationState.Draft, ApplicationState.Submitted, Actor.Owner),
        new(ApplicationAction.StartReview, ApplicationState.Submitted, ApplicationState.InitialReview, Actor.Staff, Permissions.ReviewApplications),
        new(ApplicationAction.RequestInformation, ApplicationState.InitialReview, ApplicationState.NeedsInformation, Actor.Staff, Permissions.ReviewApplications),
        new(ApplicationAction.ProvideInformation, ApplicationState.NeedsInformation, ApplicationState.InitialReview, Actor.Owner),
        new(ApplicationAction.ForwardToRisk, ApplicationState.InitialReview, ApplicationState.RiskAssessment, Actor.Staff, Permissions.ReviewApplications),
        new(ApplicationAction.SubmitAssessment, ApplicationState.RiskAssessment, ApplicationState.PendingApproval, Actor.Staff, Permissions.AssessRisk),
        new(ApplicationAction.Approve, ApplicationState.PendingApproval, ApplicationState.Approved, Actor.Staff, Permissions.ApproveApplications),
        new(ApplicationAction.Decline, ApplicationState.PendingApproval, ApplicationState.Declined, Actor.Staff, Permissions.ApproveApplications),
        new(ApplicationAction.SendBack, ApplicationState.PendingApproval, ApplicationState.RiskAssessment, Actor.Staff, Permissions.ApproveApplications),
        new(ApplicationAction.AcceptOffer, ApplicationState.Approved, ApplicationState.OfferAccepted, Actor.Owner),
        new(ApplicationAction.SignContract, ApplicationState.OfferAccepted, ApplicationState.ContractSigned, Actor.Owner),
        new(ApplicationAction.Disburse, ApplicationState.ContractSigned, ApplicationState.Disbursed, Actor.Staff, Permissions.DisburseLoans),
        .. BeforeDecision.Select(s => new Transition(ApplicationAction.Withdraw, s, ApplicationState.Withdrawn, Actor.Owner)),
        // Turning an offer down before signing is withdrawing too.
        new(ApplicationAction.Withdraw, ApplicationState.Approved, ApplicationState.Withdrawn, Actor.Owner),
        new(ApplicationAction.Withdraw, ApplicationState.OfferAccepted, ApplicationState.Withdrawn, Actor.Owner),
        new(ApplicationAction.Expire, ApplicationState.Approved, ApplicationState.Expired, Actor.System),
        new(ApplicationAction.Expire, ApplicationState.OfferAccepted, ApplicationState.Expired, Actor.System),
    ];

    /// <summary>
    /// Whether a case in this state waits for whoever of a role takes it next (a customer manager for a new submission,
    /// a risk officer, an approver, loan operations for the payout): it is then nobody's until someone takes it. In every
    /// other state it is held by its customer manager, who follows the customer. So "assigned to me" is the work in
    /// the person's hands now, whatever their role.
    /// </summary>
    public static bool WaitsForNextRole(ApplicationState state) => state is ApplicationState.Submitted or ApplicationState.RiskAssessment
        or ApplicationState.PendingApproval or ApplicationState.ContractSigned;

    /// <summary>The transition for this action from this state, or null when the action is not possible there.</summary>
    public static Transition? Find(ApplicationState from, ApplicationAction action) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Action == action);

    public static IEnumerable<Transition> From(ApplicationState state) => Transitions.Where(t => t.From == state);

    /// <summary>Whether this person may take the transition: the owner for owner moves, a permission holder for staff moves.</summary>
    public static bool Allows(Transition transition, System.Security.Claims.ClaimsPrincipal user, bool isOwner) => transition.By switch
    {
        Actor.Owner => isOwner,
        Actor.Staff => transition.Permission is { } p && Permissions.Allows(user, p),
        _ => false,
    };

    /// <summary>The actions this person can take now: what the page offers, and nothing the server would refuse.</summary>
    public static IReadOnlyList<ApplicationAction> ActionsFor(ApplicationState state, System.Security.Claims.ClaimsPrincipal user, bool isOwner) =>
        From(state).Where(t => Allows(t, user, isOwner)).Select(t => t.Action).Distinct().ToList();

    /// <summary>Whether the customer may still change the application's answers.</summary>
    public static bool IsEditable(ApplicationState state) => state is ApplicationState.Draft or ApplicationState.NeedsInformation;

    public static bool IsDecided(ApplicationState state) => !BeforeDecision.Contains(state);

    /// <summary>Submitted and not yet closed (paid out, declined, withdrawn or expired): what staff still work on.</summary>
    public static readonly IReadOnlyList<ApplicationState> OpenStates =
        [.. Enum.GetValues<ApplicationState>().Where(s => s != ApplicationState.Draft && Transitions.Any(t => t.From == s))];

    public static bool IsFinal(ApplicationState state) => !Transitions.Any(t => t.From == state);

    /// <summary>
    /// Above the highest authority limit no single approver decides: a first approval is recorded,
    /// and a second, different approver completes it.
    /// </summary>
    public static int ApprovalsNeeded(decimal amount, decimal highestLimit) => amount > highestLimit ? 2 : 1;

    /// <summary>
    /// What a transition requires beyond state and permission, checked with the case in hand. Empty when
    /// nothing stands in the way. The server refuses with the first blocker; the case page shows them all.
    /// </summary>
    public static IReadOnlyList<Blocker> Blockers(ApplicationAction action, CaseFacts facts, string userId)
    {
        var blockers = new List<Blocker>();
        // Nobody handles their own application, whatever roles they hold.
        if (facts.CustomerId == userId) blockers.Add(Blocker.OwnApplication);
        switch (action)
        {
            case ApplicationAction.ForwardToRisk:
                if (!facts.IdentityVerified) blockers.Add(Blocker.IdentityNotChecked);
                if (!facts.DocumentsAccepted) blockers.Add(Blocker.DocumentsNotAccepted);
                break;
            case ApplicationAction.SubmitAssessment:
                // Whoever took part in the review does not also assess: each step gets fresh eyes.
                if (facts.Reviewers.Contains(userId)) blockers.Add(Blocker.PreparedByYou);
                break;
            case ApplicationAction.Approve or ApplicationAction.Decline or ApplicationAction.SendBack:
                // Four eyes: an approver never decides a case they took part in reviewing or assessing.
                if (facts.Reviewers.Contains(userId) || facts.Assessors.Contains(userId)) blockers.Add(Blocker.PreparedByYou);
                if (action == ApplicationAction.SendBack) break;
                // Approving and declining both need authority over the amount; above every limit, any
                // approver may give one of the two approvals, or decline.
                var aboveEveryLimit = ApprovalsNeeded(facts.Amount, facts.HighestLimit) == 2;
                if (facts.CallerLimit is not { } limit || limit <= 0 || (!aboveEveryLimit && facts.Amount > limit)) blockers.Add(Blocker.OverYourLimit);
                if (action == ApplicationAction.Approve)
                {
                    if (!facts.GradeOffered) blockers.Add(Blocker.GradeNotOffered);
                    if (facts.FirstApprover == userId) blockers.Add(Blocker.AlreadyApprovedByYou);
                }
                break;
        }
        return blockers;
    }

    /// <summary>The steps that count as preparing a case: whoever took them may not decide it.</summary>
    public static readonly IReadOnlySet<string> ReviewSteps = new HashSet<string>
    {
        nameof(ApplicationAction.StartReview), "VerifyIdentity", "AcceptDocument", "RejectDocument",
        nameof(ApplicationAction.RequestInformation), nameof(ApplicationAction.ForwardToRisk),
    };
}

/// <summary>What <see cref="ApplicationWorkflow.Blockers"/> needs to know about a case and the person acting.</summary>
public sealed record CaseFacts(
    string CustomerId,
    bool IdentityVerified,
    bool DocumentsAccepted,
    IReadOnlyCollection<string> Reviewers,
    IReadOnlyCollection<string> Assessors,
    string? FirstApprover,
    decimal Amount,
    decimal? CallerLimit,
    decimal HighestLimit,
    bool GradeOffered);

/// <summary>Why a transition cannot be taken now, though state and permission allow it.</summary>
public enum Blocker { OwnApplication, IdentityNotChecked, DocumentsNotAccepted, PreparedByYou, AlreadyApprovedByYou, OverYourLimit, GradeNotOffered }

public static class BlockerText
{
    /// <summary>The blocker in words, in the current language: the same sentence on the page and in the server's refusal.</summary>
    public static string Describe(this Blocker blocker) =>
        Resources.SharedText.ResourceManager.GetString("Blocker" + blocker, Resources.SharedText.Culture) ?? blocker.ToString();
}
