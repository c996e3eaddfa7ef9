using System.Security.Claims;
using Portal.Shared.Features.Applications;
using Portal.Shared.Security;

namespace Portal.Shared.Tests.Applications;

public sealed class ApplicationWorkflowTests
{
    private static ClaimsPrincipal Person(string role, bool mfa = true)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, role), new(ClaimTypes.Role, role) };
        if (mfa) claims.Add(new Claim(Permissions.MfaClaimType, Permissions.MfaClaimValue));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [Fact]
    public void The_happy_path_runs_from_draft_to_disbursed()
    {
        ApplicationAction[] journey =
        [
            ApplicationAction.Submit, ApplicationAction.StartReview, ApplicationAction.RequestInformation,
            ApplicationAction.ProvideInformation, ApplicationAction.ForwardToRisk, ApplicationAction.SubmitAssessment,
            ApplicationAction.Approve, ApplicationAction.AcceptOffer, ApplicationAction.SignContract, ApplicationAction.Disburse,
        ];
        var state = ApplicationState.Draft;
        foreach (var action in journey)
            state = (ApplicationWorkflow.Find(state, action) ?? throw new Xunit.Sdk.XunitException($"{action} not allowed from {state}")).To;
        Assert.Equal(ApplicationState.Disbursed, state);
        Assert.True(ApplicationWorkflow.IsFinal(state));
    }

    [Theory]
    [InlineData(ApplicationState.Draft, ApplicationAction.Approve)]
    [InlineData(ApplicationState.Submitted, ApplicationAction.Disburse)]
    [InlineData(ApplicationState.Declined, ApplicationAction.AcceptOffer)]
    [InlineData(ApplicationState.ContractSigned, ApplicationAction.Withdraw)]
    [InlineData(ApplicationState.Disbursed, ApplicationAction.Withdraw)]
    [InlineData(ApplicationState.RiskAssessment, ApplicationAction.Approve)]
    public void Illegal_moves_are_not_in_the_machine(ApplicationState from, ApplicationAction action) =>
        Assert.Null(ApplicationWorkflow.Find(from, action));

    [Fact]
    public void A_customer_can_withdraw_before_a_decision_or_turn_an_offer_down_before_signing()
    {
        foreach (var state in Enum.GetValues<ApplicationState>())
        {
            var canWithdraw = ApplicationWorkflow.Find(state, ApplicationAction.Withdraw) is not null;
            var offerOpen = state is ApplicationState.Approved or ApplicationState.OfferAccepted;
            Assert.Equal(!ApplicationWorkflow.IsDecided(state) || offerOpen, canWithdraw);
        }
    }

    [Fact]
    public void Each_staff_move_needs_its_permission_and_a_second_factor()
    {
        var approve = ApplicationWorkflow.Find(ApplicationState.PendingApproval, ApplicationAction.Approve)!;
        Assert.True(ApplicationWorkflow.Allows(approve, Person(Roles.Approver), isOwner: false));
        Assert.False(ApplicationWorkflow.Allows(approve, Person(Roles.Approver, mfa: false), isOwner: false));
        Assert.False(ApplicationWorkflow.Allows(approve, Person(Roles.RiskOfficer), isOwner: false));
        Assert.False(ApplicationWorkflow.Allows(approve, Person(Roles.Customer), isOwner: true));
    }

    [Fact]
    public void Only_the_owner_makes_the_customers_moves()
    {
        var accept = ApplicationWorkflow.Find(ApplicationState.Approved, ApplicationAction.AcceptOffer)!;
        Assert.True(ApplicationWorkflow.Allows(accept, Person(Roles.Customer), isOwner: true));
        Assert.False(ApplicationWorkflow.Allows(accept, Person(Roles.Customer), isOwner: false));
        Assert.False(ApplicationWorkflow.Allows(accept, Person(Roles.Supervisor), isOwner: false));
    }

    [Fact]
    public void The_page_offers_exactly_what_the_machine_allows_this_person()
    {
        Assert.Equal([ApplicationAction.StartReview],
            ApplicationWorkflow.ActionsFor(ApplicationState.Submitted, Person(Roles.CustomerManager), isOwner: false));
        Assert.Equal([ApplicationAction.Withdraw],
            ApplicationWorkflow.ActionsFor(ApplicationState.Submitted, Person(Roles.Customer), isOwner: true));
        Assert.Equal([ApplicationAction.Approve, ApplicationAction.Decline, ApplicationAction.SendBack],
            ApplicationWorkflow.ActionsFor(ApplicationState.PendingApproval, Person(Roles.Approver), isOwner: false));
        Assert.Empty(ApplicationWorkflow.ActionsFor(ApplicationState.Approved, Person(Roles.Approver), isOwner: false));
    }

    [Fact]
    public void Every_state_is_reachable_and_every_non_final_state_can_move_on()
    {
        var reachable = new HashSet<ApplicationState> { ApplicationState.Draft };
        var frontier = new Queue<ApplicationState>(reachable);
        while (frontier.TryDequeue(out var s))
            foreach (var t in ApplicationWorkflow.From(s))
                if (reachable.Add(t.To)) frontier.Enqueue(t.To);
        Assert.Equal(Enum.GetValues<ApplicationState>().ToHashSet(), reachable);
        Assert.All(ApplicationWorkflow.Transitions.Where(t => t.By == Actor.Staff), t => Assert.NotNull(t.Permission));
    }
}
