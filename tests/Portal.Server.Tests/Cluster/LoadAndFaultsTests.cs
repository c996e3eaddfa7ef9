using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Infrastructure.Email;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;
using Portal.Tests.Shared;

namespace Portal.Server.Tests.Cluster;

/// <summary>
/// 200 customers browse, apply and pay against one instance for a bounded time, while PostgreSQL is stopped and started
/// again and the SMTP server is down for the first half. Requests fail cleanly (a 503 that says to try again) only while
/// the database is away; every application and payment the portal acknowledged is in the database afterwards; and every
/// email is delivered once the SMTP server is back.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class LoadAndFaultsTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Customers = 200;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan DatabaseStopsAt = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DatabaseDownFor = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan SmtpStartsAt = TimeSpan.FromSeconds(30);
    // Requests under way when the database stops, and connections the pool finds broken afterwards, may fail a little either side.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private readonly string folder = Directory.CreateTempSubdirectory("portal-load-").FullName;
    private readonly TestSmtp smtp = new();
    private TestPostgres postgres = default!;
    private WebApplication services = default!;
    private PortalProcess portal = default!;
    private Dictionary<string, string> environment = [];

    public async Task InitializeAsync()
    {
        postgres = await TestPostgres.StartAsync();
        await ClusterFixture.CreateDatabaseAsync(postgres);
        environment = ClusterFixture.ProductionLike(postgres, folder);
        // Every customer at once on one instance: a pool as large as the load, so that on a busy machine requests wait
        // for the database rather than for a pooled connection (whose 15 s wait ends in a 503 before the outage). This
        // test is about a restart and an SMTP outage, not about sizing the pool.
        environment["ConnectionStrings__Portal"] = new Npgsql.NpgsqlConnectionStringBuilder(environment["ConnectionStrings__Portal"])
            { MaxPoolSize = Customers + 50 }.ConnectionString;
        environment["Payments__TestGateway"] = "true";
        environment["Servicing__RunDaily"] = "false";
        environment["Email__Mode"] = "Smtp";
        environment["Email__Smtp__Host"] = "127.0.0.1";
        environment["Email__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Email__Smtp__TimeoutSeconds"] = "3";
        environment["Email__Outbox__PollSeconds"] = "1";
        environment["Email__Outbox__RetrySeconds"] = "1";
        environment["Notifications__PollSeconds"] = "1";
        // An email claimed just as the database went away keeps its claim until it is stale: here, seconds rather than minutes.
        environment["Email__Outbox__ClaimMinutes"] = "0.25";
        environment["Notifications__ClaimMinutes"] = "0.25";
        await PortalProcess.RunAsync("migrate", new Dictionary<string, string>(environment) { ["Database__SeedDemoData"] = "true" });
        services = ClusterFixture.OwnServices(environment);

        // The customers, each with a loan of a few weeks to pay something on.
        using var scope = services.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        for (var i = 0; i < Customers; i++)
        {
            var email = Email(i);
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Customer {i}" };
            Assert.True((await users.CreateAsync(user, Forms.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Portal.Shared.Security.Roles.Customer)).Succeeded);
            await DemoLoans.AddAsync(scope.ServiceProvider, email, "everyday-personal-loan", $"Customer {i}", 20_000m, 12, RepaymentMethod.EqualInstalments,
                Portal.Shared.Features.Catalog.RiskGrade.B, daysAgo: 10, "manager@demo.portal", rating: 5, CancellationToken.None);
        }
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        portal = await PortalProcess.StartAsync("load", environment);
    }

    private static string Email(int i) => $"load-{i}@load.portal";

    /// <summary>A request: sent at <see cref="At"/>, answered at <see cref="End"/> (on a busy machine it may wait long between).</summary>
    private sealed record Outcome(string What, TimeSpan At, HttpStatusCode? Status, string? Error, TimeSpan End);

    [Fact]
    public async Task Customers_under_load_through_a_database_restart_and_an_smtp_outage_lose_nothing()
    {
        // Sign everyone in first (password hashing is the slow part of a sign-in, and not what is measured here).
        var clients = new HttpClient[Customers];
        await Parallel.ForAsync(0, Customers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var client = new Balancer().On(portal);
            client.Timeout = TimeSpan.FromSeconds(60);
            await Balancer.PostPasswordAsync(client, client, Email(i));
            clients[i] = client;
        });

        var outcomes = new ConcurrentBag<Outcome>();
        var submitted = new ConcurrentBag<Guid>();
        var paid = new ConcurrentBag<(Guid Loan, Guid Payment, decimal Amount)>();
        var clock = Stopwatch.StartNew();
        TimeSpan stoppedAt = default, startedAt = default;
        var smtpBackAt = DateTimeOffset.MaxValue;

        var faults = Task.Run(async () =>
        {
            await Task.Delay(DatabaseStopsAt);
            stoppedAt = clock.Elapsed;
            await postgres.StopAsync();
            await Task.Delay(DatabaseDownFor);
            await postgres.StartAgainAsync();
            startedAt = clock.Elapsed;
            await Task.Delay(SmtpStartsAt - clock.Elapsed);
            smtpBackAt = DateTimeOffset.UtcNow;
            smtp.Start();
        });

        await Task.WhenAll(Enumerable.Range(0, Customers).Select(i => Task.Run(() => CustomerAsync(i, clients[i]))));
        await faults;

        async Task CustomerAsync(int i, HttpClient client)
        {
            var random = new Random(i);
            Guid? application = null;
            var applied = false;
            Guid? loan = null;
            while (clock.Elapsed < Load)
            {
                try
                {
                    switch (random.Next(4))
                    {
                        case 0:
                            await Send("products page", () => client.GetAsync("/products"));
                            break;
                        case 1:
                            var loans = await Send("my loans", () => client.GetAsync("/api/loans"));
                            if (loans?.IsSuccessStatusCode == true) loan = (await loans.Content.ReadFromJsonAsync<List<LoanListItem>>())!.Single().Id;
                            break;
                        case 2 when !applied:
                            applied = await ApplyAsync();
                            break;
                        default:
                            if (loan is { } id) await PayAsync(id);
                            break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    outcomes.Add(new Outcome("unreadable answer", clock.Elapsed, null, e.Message, clock.Elapsed));
                }
                await Task.Delay(random.Next(100, 600));
            }

            async Task<bool> ApplyAsync()
            {
                if (application is null)
                {
                    var started = await Send("start application", () => client.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
                    if (started?.IsSuccessStatusCode != true) return false;
                    application = (await started.Content.ReadFromJsonAsync<ApplicationView>())!.Id;
                }
                // Read back each time: a step the portal did not acknowledge is simply done again, as a person would.
                var current = await Send("read application", () => client.GetAsync($"{Applicants.Api}/{application}"));
                if (current?.IsSuccessStatusCode != true) return false;
                var view = (await current.Content.ReadFromJsonAsync<ApplicationView>())!;
                if (view.State != ApplicationState.Draft) return true;
                var saved = await Send("save answers", () => client.SendAsync(Api.Post($"{Applicants.Api}/{view.Id}/draft",
                    new SaveDraft(Applicants.Complete(view.Draft, 20_000m, 12), view.ConcurrencyStamp))));
                if (saved?.IsSuccessStatusCode != true) return false;
                view = (await saved.Content.ReadFromJsonAsync<ApplicationView>())!;
                foreach (var kind in view.Product.RequiredDocuments.Where(k => view.Documents.All(d => d.Kind != k)))
                {
                    var upload = await Send("upload document", () => client.SendAsync(Applicants.Upload(view.Id, kind, Applicants.Pdf)));
                    if (upload?.IsSuccessStatusCode != true) return false;
                    view = (await upload.Content.ReadFromJsonAsync<ApplicationView>())!;
                }
                var submit = await Send("submit", () => client.SendAsync(Api.Post($"{Applicants.Api}/{view.Id}/submit", new ApplicationCommand(view.ConcurrencyStamp))));
                if (submit?.IsSuccessStatusCode != true) return false;
                submitted.Add(view.Id);
                return true;
            }

            async Task PayAsync(Guid id)
            {
                var amount = random.Next(1, 50);
                var start = await Send("start payment", () => client.SendAsync(Api.Post($"/api/loans/{id}/payments", new StartPayment { Kind = PaymentKind.Amount, Amount = amount })));
                if (start?.IsSuccessStatusCode != true) return;
                var payment = (await start.Content.ReadFromJsonAsync<PaymentStarted>())!;
                var done = await Send("pay", () => client.SendAsync(Api.Post($"/api/payments/test/{payment.PaymentId}/Succeed")));
                if (done?.IsSuccessStatusCode == true && (await done.Content.ReadFromJsonAsync<PaymentView>())!.Status == PaymentStatus.Succeeded)
                    paid.Add((id, payment.PaymentId, amount));
            }
        }

        async Task<HttpResponseMessage?> Send(string what, Func<Task<HttpResponseMessage>> request)
        {
            var at = clock.Elapsed;
            var response = await request();
            // A refusal the customer could act on (such as "a checkout is already open") is not a failure of the portal.
            outcomes.Add(new Outcome(what, at, response.StatusCode, (int)response.StatusCode >= 500 ? await response.Content.ReadAsStringAsync() : null, clock.Elapsed));
            return response;
        }

        // What the customers saw: failures only while the database was away, and then a clean 503 that says what to do.
        var all = outcomes.ToList();
        var failures = all.Where(o => o.Status is null || (int)o.Status >= 500).ToList();
        var outage = (From: stoppedAt - Settle, To: startedAt + Settle);
        // Not a vacuous run: the customers kept at it and were still at it after the outage. (A count, not a rate: a busy
        // machine answers fewer requests in the same time — the first ones slowest — and that is not what this is about.)
        var after = all.Count(o => o.At > outage.To);
        Assert.True(all.Count >= Customers && after > 0, $"Too little load: {all.Count} requests, {after} after the outage.");
        Assert.All(failures, f =>
        {
            // In flight during the outage: sent before it ends and answered after it began.
            Assert.True(f.End >= outage.From && f.At <= outage.To, $"{f.What} sent at {f.At.TotalSeconds:0.0} s and answered at {f.End.TotalSeconds:0.0} s failed outside the outage ({stoppedAt.TotalSeconds:0.0}–{startedAt.TotalSeconds:0.0} s): {f.Status} {f.Error}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, f.Status);
        });
        Assert.Contains(failures, f => f.What != "products page");
        Assert.All(all.Where(o => o.Status is { } s && (int)s is >= 400 and < 500), o => Assert.True(o.What is "start payment" or "pay", $"{o.What}: {o.Status}"));
        Assert.NotEmpty(submitted);
        Assert.NotEmpty(paid);
        output.WriteLine($"{all.Count} requests in {Load.TotalSeconds:0} s by {Customers} customers; {failures.Count} answered 503 while the database was " +
            $"away ({stoppedAt.TotalSeconds:0.0}–{startedAt.TotalSeconds:0.0} s); {submitted.Count} applications submitted and {paid.Count} payments acknowledged.");

        // Nothing acknowledged is lost, and nothing is half there. (The test's own pooled connections died with the restart.)
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var scope = services.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var acknowledged = submitted.ToHashSet();
        var stored = await db.Applications.AsNoTracking().Where(a => acknowledged.Contains(a.Id)).Select(a => new { a.Id, a.State }).ToListAsync();
        Assert.Equal(acknowledged.Count, stored.Count);
        Assert.All(stored, a => Assert.Equal(ApplicationState.Submitted, a.State));
        var submits = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "Submit").Select(e => e.SubjectId).ToListAsync();
        // Every submission in the database (acknowledged or not) has its audit entry: the two were written together or not at all.
        var everySubmitted = await db.Applications.AsNoTracking().Where(a => a.State == ApplicationState.Submitted).Select(a => a.Id.ToString()).ToListAsync();
        Assert.True(everySubmitted.Count >= acknowledged.Count);
        Assert.All(everySubmitted, id => Assert.Contains(id, submits));

        var payments = paid.Select(p => p.Payment).ToHashSet();
        var posted = await db.Payments.AsNoTracking().Where(p => payments.Contains(p.Id)).ToListAsync();
        Assert.Equal(payments.Count, posted.Count);
        Assert.All(posted, p => Assert.Equal(PaymentStatus.Succeeded, p.Status));
        Assert.All(paid, p => Assert.Equal(Money.ToMinor(p.Amount), posted.Single(x => x.Id == p.Payment).AmountMinor));
        // Each loan's ledger is what its posted payments paid: no payment counted twice, none without its effect.
        foreach (var group in posted.GroupBy(p => p.LoanId))
        {
            var loan = await db.Loans.AsNoTracking().Include(l => l.Instalments).SingleAsync(l => l.Id == group.Key);
            var lines = await db.Payments.AsNoTracking().Where(p => p.LoanId == loan.Id && p.Status == PaymentStatus.Succeeded)
                .SelectMany(p => p.Lines).SumAsync(l => l.AmountMinor);
            Assert.Equal(lines, loan.Instalments.Sum(i => i.PaidPrincipalMinor + i.PaidInterestMinor + i.PaidFeeMinor + i.PaidPenaltyMinor + i.PaidLateFeeMinor));
        }

        // Every email written during the outage reaches the SMTP server once it is back, and only once.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        List<OutboxEmail> outbox;
        while ((outbox = await db.Set<OutboxEmail>().AsNoTracking().ToListAsync()).Any(e => e.Status != OutboxStatus.Sent)
            || await db.Set<Portal.Server.Features.Messages.Notification>().AnyAsync(n => n.Email && n.EmailedAt == null))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{outbox.Count(e => e.Status != OutboxStatus.Sent)} emails still unsent two minutes after the SMTP server came back: " +
                string.Join("; ", outbox.Where(e => e.Status != OutboxStatus.Sent).Select(e => $"{e.Id} {e.Status} tries {e.Attempts} claimed {e.ClaimedAt:T} next {e.NextAttemptAt:T} {e.LastError}")));
            await Task.Delay(1000);
            db.ChangeTracker.Clear();
        }
        Assert.NotEmpty(outbox);
        // Some were written while the SMTP server was away. (Whether the sender also tried one then depends on how busy the
        // machine is: that it retries after a failure is EmailOutboxTests' business.)
        Assert.Contains(outbox, e => e.CreatedAt < smtpBackAt);
        Assert.All(outbox, e => Assert.Single(smtp.Received, m => m.MessageId == e.MessageId));
    }

    public async Task DisposeAsync()
    {
        if (portal is not null)
        {
            try
            {
                await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "portal-load.log"), portal.Output);
                if (postgres is not null) await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "portal-load-postgres.log"), postgres.Log);
            }
            catch (IOException) { }
            await portal.DisposeAsync();
        }
        if (services is not null) await services.DisposeAsync();
        await smtp.DisposeAsync();
        if (postgres is not null) await postgres.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
