using System.Net;
using System.Net.Http.Json;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Casework;

/// <summary>
/// Each role can do exactly what SPEC section 1 gives it: every staff endpoint is called by one demo
/// account per role. Refused means 403; allowed means anything else (here a 409, because the stamp
/// sent is deliberately stale, so nothing changes).
/// </summary>
[Collection(nameof(PortalCollection))]
public sealed class RoleMatrixTests(PortalFactory app)
{
    private static readonly Dictionary<string, string> DemoAccount = new()
    {
        [Roles.Customer] = "customer@demo.portal",
        [Roles.CustomerManager] = "manager@demo.portal",
        [Roles.RiskOfficer] = "risk@demo.portal",
        [Roles.Approver] = "approver@demo.portal",
        [Roles.LoanOperations] = "operations@demo.portal",
        [Roles.Marketing] = "marketing@demo.portal",
        [Roles.ProductManager] = "product@demo.portal",
        [Roles.Supervisor] = "supervisor@demo.portal",
        [Roles.Administrator] = "admin@demo.portal",
    };

    private static readonly string[] CaseWorkers = [Roles.CustomerManager, Roles.RiskOfficer, Roles.Approver, Roles.LoanOperations, Roles.Supervisor];

    [Fact]
    public async Task Every_role_can_do_exactly_what_the_spec_gives_it()
    {
        var (_, submitted) = await Applicants.SubmittedAsync(app);
        var id = submitted.Id;
        var stale = Guid.NewGuid();
        var cases = $"/api/staff/applications/{id}";
        // Someone none of the accounts below is, so "assign" is never taking it for oneself.
        var approverId = await app.UserIdAsync("approver2@demo.portal");

        (string Name, Func<HttpRequestMessage> Request, string[] Allowed)[] matrix =
        [
            ("queue", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/applications"), CaseWorkers),
            ("case", () => new HttpRequestMessage(HttpMethod.Get, cases), CaseWorkers),
            ("assign to another", () => Api.Post($"{cases}/assign", new AssignCase(approverId, stale)), [Roles.Supervisor]),
            ("start review", () => Api.Post($"{cases}/start-review", new CaseCommand(stale)), [Roles.CustomerManager]),
            ("verify identity", () => Api.Post($"{cases}/verify-identity", new CaseCommand(stale)), [Roles.CustomerManager]),
            ("request information", () => Api.Post($"{cases}/request-information", new RequestInformation("Please send a payslip.", stale)), [Roles.CustomerManager]),
            ("forward to risk", () => Api.Post($"{cases}/forward-to-risk", new CaseCommand(stale)), [Roles.CustomerManager]),
            ("assess", () => Api.Post($"{cases}/assess", new SubmitAssessment(Portal.Shared.Features.Catalog.RiskGrade.B, null, null, null, stale)), [Roles.RiskOfficer]),
            ("approve", () => Api.Post($"{cases}/approve", new ApproveCase(null, null, null, stale)), [Roles.Approver]),
            ("decline", () => Api.Post($"{cases}/decline", new DeclineCase([DeclineReason.Affordability], null, stale)), [Roles.Approver]),
            ("send back", () => Api.Post($"{cases}/send-back", new SendBack("Check the income again.", stale)), [Roles.Approver]),
            ("disburse", () => Api.Post($"{cases}/disburse", new DisburseCase(1m, app.Clock.GetUtcNow(), "BANK-1", stale)), [Roles.LoanOperations]),
            ("audit log", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/audit") { Headers = { { "X-Portal-Csrf", "1" } } }, [Roles.Supervisor, Roles.Administrator]),
            ("approval limit", () => new HttpRequestMessage(HttpMethod.Put, $"/api/staff/approval-limits/{approverId}")
                { Content = JsonContent.Create(new ApprovalLimit(-1m)), Headers = { { "X-Portal-Csrf", "1" } } }, [Roles.Administrator]),
            ("staff accounts", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/accounts") { Headers = { { "X-Portal-Csrf", "1" } } }, [Roles.Administrator]),
            ("customer's applications", () => new HttpRequestMessage(HttpMethod.Get, Applicants.Api), [Roles.Customer]),
            ("customer's loans", () => new HttpRequestMessage(HttpMethod.Get, "/api/loans"), [Roles.Customer]),
            ("collections queue", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/collections"), [Roles.CustomerManager, Roles.RiskOfficer, Roles.Supervisor]),
            ("daily runs", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/servicing/daily-runs"), [Roles.LoanOperations]),
            ("email outbox", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/email-outbox"), [Roles.Administrator, Roles.Supervisor]),
            ("promotions", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/promotions"), [Roles.Marketing]),
            ("publish a promotion", () => Api.Post("/api/staff/promotions/999999/publish", new Portal.Shared.Features.Promotions.PromotionStamp(stale)), [Roles.Marketing]),
            ("complaints", () => new HttpRequestMessage(HttpMethod.Get, "/api/staff/complaints"), [Roles.CustomerManager, Roles.Supervisor]),
            ("customer's complaints", () => new HttpRequestMessage(HttpMethod.Get, "/api/complaints"), [Roles.Customer]),
            ("sign up to a promotion", () => Api.Post("/api/promotions/no-such-promotion/sign-up"), [Roles.Customer]),
        ];

        var wrong = new List<string>();
        foreach (var (role, email) in DemoAccount)
        {
            var client = app.CreateBrowserlessClient();
            await client.SignInAsync(email);
            foreach (var (name, request, allowed) in matrix)
            {
                var status = (await client.SendAsync(request())).StatusCode;
                var refused = status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                if (refused == allowed.Contains(role)) wrong.Add($"{role} → {name}: {(int)status}");
            }
        }
        Assert.Empty(wrong);

        // Nothing above changed the case.
        var supervisor = app.CreateBrowserlessClient();
        await supervisor.SignInAsync("supervisor@demo.portal");
        var view = await Applicants.Read<CaseView>(await supervisor.GetAsync(cases));
        Assert.Equal(ApplicationState.Submitted, view.State);
        Assert.Null(view.AssigneeId);
    }

    [Fact]
    public async Task A_customer_cannot_reach_staff_data_or_another_customers_application()
    {
        var (_, theirs) = await Applicants.SubmittedAsync(app);
        var other = await app.SignedInAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Applicants.Api}/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Applicants.Api}/{theirs.Id}/contract")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Api.Post($"{Applicants.Api}/{theirs.Id}/accept", new ApplicationCommand(theirs.ConcurrencyStamp)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Api.Post($"{Applicants.Api}/{theirs.Id}/sign",
            new SignContract(Applicants.FullName, true, new string('0', 64), theirs.ConcurrencyStamp)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/staff/applications/{theirs.Id}")).StatusCode);
    }
}
