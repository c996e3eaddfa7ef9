using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Portal.Server.Data;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Server.Tests.Loans;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;

namespace Portal.Server.Tests.Cluster;

/// <summary>
/// Two instances behind a load balancer on one PostgreSQL: a browser may reach either at any request, the background
/// work runs once, and Stripe's retries reaching both post a payment once.
/// </summary>
[Collection(nameof(ClusterCollection))]
[Trait("Category", "Cluster")]
public sealed class TwoInstancesTests(ClusterFixture cluster)
{
    private PortalDbContext Db(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<PortalDbContext>();

    [Fact]
    public async Task A_sign_in_begun_on_one_instance_finishes_and_continues_on_the_other()
    {
        var browser = cluster.Browser();
        // The form (and its antiforgery token) from A, posted to B.
        var signedIn = await Balancer.PostPasswordAsync(browser.A, browser.B, "customer@demo.portal");
        Assert.DoesNotContain("Login", signedIn.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);

        // The cookie B issued is read by A, and the other way round.
        var onA = await Applicants.Read<List<LoanListItem>>(await browser.A.GetAsync("/api/loans"));
        var onB = await Applicants.Read<List<LoanListItem>>(await browser.B.GetAsync("/api/loans"));
        Assert.Equal(onA.Select(l => l.Id), onB.Select(l => l.Id));
        Assert.Single(onA);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.Browser().A.GetAsync("/api/loans")).StatusCode);

        // A document uploaded through A is read back through B (the store is the database).
        var draft = await Applicants.Read<ApplicationView>(await browser.A.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var uploaded = await Applicants.Read<ApplicationView>(await browser.A.SendAsync(Applicants.Upload(draft.Id, draft.Product.RequiredDocuments[0], Applicants.Pdf)));
        var document = uploaded.Documents.Single();
        var download = await browser.B.GetAsync($"{Applicants.Api}/{draft.Id}/documents/{document.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Applicants.Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Staff_sign_in_with_the_second_factor_on_the_other_instance()
    {
        var browser = cluster.Browser();
        await SignInStaffAsync(browser, "operations@demo.portal");
        Assert.Equal(HttpStatusCode.OK, (await browser.A.GetAsync("/api/staff/servicing/daily-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.B.GetAsync("/api/staff/servicing/daily-runs")).StatusCode);
    }

    [Fact]
    public async Task The_key_ring_in_the_database_is_encrypted_with_the_certificate()
    {
        using var scope = cluster.Services.CreateScope();
        var keys = await Db(scope).DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(keys);
        // One ring for both instances, made by the migrate step before they started.
        Assert.Single(keys);
        foreach (var xml in keys)
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_daily_run_on_both_instances_at_once_reviews_each_loan_once()
    {
        using var scope = cluster.Services.CreateScope();
        var today = scope.ServiceProvider.GetRequiredService<LocalCalendar>().Today;

        // Both instances' hosted runs started together: one of them claimed the day.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await Db(scope).DailyRuns.AnyAsync(r => r.Date == today && r.FinishedAt != null))
        {
            Assert.True(DateTime.UtcNow < deadline, "No instance finished today's hosted run within two minutes.");
            await Task.Delay(500);
        }
        Assert.Equal(1, (await Db(scope).DailyRuns.AsNoTracking().SingleAsync(r => r.Date == today)).Runs);

        // Then operations presses the button on both instances at once, twice on each.
        var browser = cluster.Browser();
        await SignInStaffAsync(browser, "operations@demo.portal");
        var presses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            (i % 2 == 0 ? browser.A : browser.B).SendAsync(Api.Post("/api/staff/servicing/daily-run", new DailyRunRequest()))));
        foreach (var press in presses)
        {
            Assert.True(press.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{press.StatusCode}: {await press.Content.ReadAsStringAsync()}");
            if (press.StatusCode == HttpStatusCode.Conflict) Assert.Contains("already running", await press.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var repeats = presses.Count(p => p.StatusCode == HttpStatusCode.OK);
        Assert.True(repeats >= 1);

        var db = Db(scope);
        var run = await db.DailyRuns.AsNoTracking().SingleAsync(r => r.Date == today);
        Assert.Equal(1 + repeats, run.Runs);
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(run.Runs, await db.AuditEntries.CountAsync(e => e.Action == "DailyRun" && e.SubjectId == today.ToString("O")));

        // Every borrower behind was found overdue and reminded once, however many runs there were and on whichever instance.
        var borrowers = await db.Users.Where(u => u.Email!.EndsWith("@cluster.portal")).Select(u => u.Id).ToListAsync();
        Assert.Equal(ClusterFixture.OverdueBorrowers, borrowers.Count);
        var loans = await db.Loans.AsNoTracking().Where(l => borrowers.Contains(l.CustomerId)).ToListAsync();
        Assert.All(loans, l => Assert.True(l.DaysPastDue > 0 && l.ReviewedOn == today && l.RemindedOn == today, $"{l.Reference}: {l.DaysPastDue} days, reviewed {l.ReviewedOn}"));
        var reminders = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.Kind == NotificationKind.PaymentOverdue || n.Kind == NotificationKind.PaymentDueToday || n.Kind == NotificationKind.PaymentDueSoon)
            .Select(n => new { n.UserId, n.Link }).ToListAsync();
        Assert.All(reminders.GroupBy(r => r.Link), g => Assert.Single(g));
        Assert.All(borrowers, b => Assert.Single(reminders, r => r.UserId == b));
    }

    [Fact]
    public async Task The_same_Stripe_event_delivered_to_both_instances_posts_the_payment_once()
    {
        var browser = cluster.Browser();
        await Balancer.PostPasswordAsync(browser.B, browser.B, "customer@demo.portal");
        var loan = (await Applicants.Read<List<LoanListItem>>(await browser.A.GetAsync("/api/loans"))).Single();
        var before = await Applicants.Read<LoanDetails>(await browser.A.GetAsync($"/api/loans/{loan.Id}"));
        var started = await Applicants.Read<PaymentStarted>(await browser.A.SendAsync(Api.Post($"/api/loans/{loan.Id}/payments",
            new StartPayment { Kind = PaymentKind.Instalment, InstalmentNumber = before.Next!.Number })));
        Assert.Equal(PaymentGateway.Stripe, started.Gateway);
        var session = cluster.Stripe.Sessions.Values.Single(s => (string?)s["client_reference_id"] == started.PaymentId.ToString())["id"]!.ToString();

        // Stripe retries; here every delivery of one event reaches both instances at the same moment.
        var body = cluster.Stripe.Event("checkout.session.completed", session, DateTimeOffset.UtcNow);
        using var webhook = new HttpClient();
        var deliveries = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
        {
            var request = FakeStripe.Webhook(body, DateTimeOffset.UtcNow);
            request.RequestUri = new Uri(cluster.Instances[i % 2].BaseUrl, request.RequestUri!.ToString());
            return webhook.SendAsync(request);
        }));
        Assert.All(deliveries, d => Assert.Equal(HttpStatusCode.OK, d.StatusCode));

        var after = await Applicants.Read<LoanDetails>(await browser.B.GetAsync($"/api/loans/{loan.Id}"));
        var paid = Assert.Single(after.Payments, p => p.Status == PaymentStatus.Succeeded);
        Assert.Equal(started.PaymentId, paid.Id);
        Assert.Equal(started.Amount, paid.Amount);
        Assert.Equal(before.Balance - paid.Principal, after.Balance);
        using var scope = cluster.Services.CreateScope();
        var eventId = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        Assert.Equal(1, await Db(scope).GatewayEvents.CountAsync(e => e.Id == eventId));
    }

    private static readonly SemaphoreSlim Codes = new(1, 1);
    private static long lastWindow;

    /// <summary>Password on A, authenticator code on B. Identity takes each code once, so each sign-in waits for a fresh one.</summary>
    private static async Task SignInStaffAsync(Balancer browser, string email)
    {
        var password = await Balancer.PostPasswordAsync(browser.A, browser.A, email);
        // As the browser follows it: the path, to whichever instance the balancer picks.
        var step = new Uri(Balancer.PublicUrl, password.Headers.Location!).PathAndQuery;
        Assert.Contains("LoginWith2fa", step, StringComparison.OrdinalIgnoreCase);

        string code;
        await Codes.WaitAsync();
        try
        {
            var totp = new Totp(Base32Encoding.ToBytes(Forms.StaffKey));
            while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 <= lastWindow || totp.RemainingSeconds() < 4) await Task.Delay(500);
            lastWindow = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            code = totp.ComputeTotp();
        }
        finally
        {
            Codes.Release();
        }
        var second = Forms.HiddenInputs(await (await browser.B.GetAsync(step)).Content.ReadAsStringAsync());
        second["Input.TwoFactorCode"] = code;
        var done = await browser.B.PostAsync(step, new FormUrlEncodedContent(second));
        Assert.True(done.StatusCode == HttpStatusCode.Redirect && !done.Headers.Location!.ToString().Contains("LoginWith2fa", StringComparison.OrdinalIgnoreCase),
            $"The second factor was refused: {done.StatusCode} {done.Headers.Location}");
    }
}
