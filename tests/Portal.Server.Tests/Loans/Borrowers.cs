using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Loans;

namespace Portal.Server.Tests.Loans;

/// <summary>Loans made the way the portal makes them: applied for, reviewed, assessed, approved, signed and paid out through the API.</summary>
public static class Borrowers
{
    private const string Staff = "/api/staff/applications";

    /// <summary>
    /// A new customer's loan, paid out now. <c>Email</c> signs the customer in again after the clock has moved on.
    /// With a promotion (its slug), the customer signs up to it first and applies with it.
    /// </summary>
    public static async Task<(HttpClient Customer, string Email, LoanDetails Loan)> DisbursedAsync(PortalFactory app, decimal amount = 12_000m, int months = 12,
        string? promotion = null)
    {
        var (customer, email, id) = await PendingApprovalAsync(app, amount, months, promotion);
        await Do(await StaffAsync(app, "approver@demo.portal"), id, "approve", s => new ApproveCase(null, null, null, s));

        var offered = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{id}"));
        var accepted = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{id}/accept", new ApplicationCommand(offered.ConcurrencyStamp))));
        var contract = await Applicants.Read<ContractView>(await customer.GetAsync($"{Applicants.Api}/{id}/contract"));
        var signed = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{id}/sign",
            new SignContract(Applicants.FullName, true, contract.Sha256, accepted.ConcurrencyStamp))));

        var operations = await StaffAsync(app, "operations@demo.portal");
        var paidOut = signed.Offer!.Quote(signed.Product).Schedule.AmountPaidOut;
        var disbursed = await Do(operations, id, "disburse", s => new DisburseCase(paidOut, app.Clock.GetUtcNow(), "BANK-" + id.ToString("N")[..8], s));
        var loan = await Applicants.Read<LoanDetails>(await customer.GetAsync($"/api/loans/{disbursed.Loan!.Id}"));
        return (customer, email, loan);
    }

    /// <summary>A new customer's application, reviewed and assessed, waiting for an approver.</summary>
    public static async Task<(HttpClient Customer, string Email, Guid Id)> PendingApprovalAsync(PortalFactory app, decimal amount = 12_000m, int months = 12,
        string? promotion = null)
    {
        var email = await app.CreateUserAsync(Portal.Shared.Security.Roles.Customer);
        var client = await CustomerAgainAsync(app, email);
        int? promotionId = promotion is null ? null
            : (await Applicants.Read<Portal.Shared.Features.Promotions.PromotionView>(await client.SendAsync(Api.Post($"/api/promotions/{promotion}/sign-up")))).Id;
        var (customer, submitted) = await Applicants.SubmittedAsync(app, answers: d =>
        {
            var complete = Applicants.Complete(d, amount, months);
            complete.PromotionId = promotionId;
            return complete;
        }, customer: client);
        var id = submitted.Id;
        var manager = await StaffAsync(app, "manager@demo.portal");
        await Do(manager, id, "start-review", s => new CaseCommand(s));
        foreach (var document in (await Get(manager, id)).Documents)
            await Do(manager, id, $"documents/{document.Id}/accept", s => new CaseCommand(s));
        await Do(manager, id, "verify-identity", s => new CaseCommand(s));
        await Do(manager, id, "forward-to-risk", s => new CaseCommand(s));
        var risk = await StaffAsync(app, "risk@demo.portal");
        var scored = (await Get(risk, id)).Score!;
        await Do(risk, id, "assess", s => new SubmitAssessment(scored.Grade, null, null, null, s));
        return (customer, email, id);
    }

    private static readonly TimeZoneInfo Lender = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Moves the clock on to that time of the lender's day (never back: other tests of the fixture share it).</summary>
    public static void MoveClockTo(PortalFactory app, DateOnly day, TimeOnly at)
    {
        var local = day.ToDateTime(at);
        var target = new DateTimeOffset(local, Lender.GetUtcOffset(local)).ToUniversalTime();
        if (target > app.Clock.GetUtcNow()) app.Clock.SetUtcNow(target);
    }

    /// <summary>The lender's day now.</summary>
    public static DateOnly Today(PortalFactory app) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Lender).DateTime);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(PortalFactory, string), (HttpClient Client, DateTimeOffset At)> Signed = new();

    /// <summary>
    /// A demo staff member, signed in once and reused: Identity refuses an authenticator code used twice, and the
    /// same person signs in many times a minute here. After the clock has moved hours on, the cookie has lapsed and
    /// they sign in again with the code of the new time.
    /// </summary>
    public static async Task<HttpClient> StaffAsync(PortalFactory app, string email)
    {
        var now = app.Clock.GetUtcNow();
        if (Signed.TryGetValue((app, email), out var signed) && now - signed.At < TimeSpan.FromHours(4)) return signed.Client;
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email);
        Signed[(app, email)] = (client, now);
        return client;
    }

    public static async Task<HttpClient> CustomerAgainAsync(PortalFactory app, string email)
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email);
        return client;
    }

    private static async Task<CaseView> Get(HttpClient staff, Guid id) => await Applicants.Read<CaseView>(await staff.GetAsync($"{Staff}/{id}"));

    private static async Task<CaseView> Do(HttpClient staff, Guid id, string action, Func<Guid, object> body) =>
        await Applicants.Read<CaseView>(await staff.SendAsync(Api.Post($"{Staff}/{id}/{action}", body((await Get(staff, id)).ConcurrencyStamp))));
}
