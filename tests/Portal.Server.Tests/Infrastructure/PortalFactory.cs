using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Runtime.CompilerServices;
using Npgsql;
using OtpNet;

namespace Portal.Server.Tests.Infrastructure;

/// <summary>
/// The real app on a real database: a fresh SQLite file per factory, or — when PORTAL_TEST_POSTGRES
/// holds a server connection string — a fresh PostgreSQL database. Demo data is seeded as in production.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("portal-tests-").FullName;
    private readonly string? postgres = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
    private readonly string databaseName = "portal_test_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Pinned to the real time at start so authenticator codes computed by the tests are valid.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public const string PublicBaseUrl = "https://loans.portal.test/";


    public string MailFolder => Path.Combine(folder, "mail");

    /// <summary>More configuration for a fixture of its own (Stripe keys, an SMTP server).</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:SeedDemoData", "true");
        builder.UseSetting("Portal:PublicBaseUrl", PublicBaseUrl);
        // Every test comes from the same (absent) address: the shared app allows it many failures and account emails
        // (SignInLimitTests has an app of its own with the real limits).
        builder.UseSetting("Security:SignInFailuresPerAddress", "10000");
        builder.UseSetting("Security:AccountEmailsPerAddress", "10000");
        builder.UseSetting("Security:AccountEmailsPerRecipient", "10000");
        builder.UseSetting("Email:Mode", "Folder");
        builder.UseSetting("Email:Folder", MailFolder);
        builder.UseSetting("Payments:TestGateway", "true");
        builder.UseSetting("Portal:PublishOpenApi", "true"); // PlatformTests reads it; ProductionStartTests checks it is not public by default
        // Tests run the day's review themselves, at the moment they choose.
        builder.UseSetting("Servicing:RunDaily", "false");
        // ... and deliver email themselves too: a background round at the same moment would race their checks.
        builder.UseSetting("Email:Outbox:RunInBackground", "false");
        builder.UseSetting("Notifications:RunInBackground", "false");
        // ... and expire offers themselves: the background check runs on the app's clock, which the tests move by days.
        builder.UseSetting("Casework:ExpireInBackground", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (postgres is null)
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(folder, "portal.db")}");
        }
        else
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Portal", new NpgsqlConnectionStringBuilder(postgres) { Database = databaseName }.ConnectionString);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Identity's own hasher, with less work per hash than production's: the tests create and sign in hundreds of
            // accounts, and the hashing was most of the suite's work. What they test (who may sign in, limits, sessions)
            // does not depend on the work factor; resistance to guessing is Identity's business.
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
    }

    /// <summary>
    /// A confirmed account with the demo password and the given roles; returns its email. Staff get the
    /// demo authenticator key (their permissions need the second factor) and, for approvers, a limit.
    /// </summary>
    public async Task<string> CreateUserAsync(params string[] roles) => await CreateUserAsync(roles, approvalLimit: null);

    public async Task<string> CreateUserAsync(string[] roles, decimal? approvalLimit, string? name = null, bool authenticator = true)
    {
        var email = $"{string.Join('-', roles).ToLowerInvariant()}-{Guid.NewGuid():N}@test.portal";
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Server.Data.PortalUser>>();
        var user = new Portal.Server.Data.PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name ?? email,
            ApprovalLimitMinor = approvalLimit is { } limit ? (long)(limit * 100) : null,
        };
        Assert.True((await users.CreateAsync(user, Forms.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        if (authenticator && roles.Any(r => r != Portal.Shared.Security.Roles.Customer))
        {
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", Forms.StaffKey);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return email;
    }

    /// <summary>Delivers what the email outbox holds now, instead of waiting for the sender's next round.</summary>
    public async Task DeliverMailAsync()
    {
        await Services.GetRequiredService<Portal.Server.Features.Messages.NotificationMailer>().SendDueAsync(CancellationToken.None);
        await Services.GetRequiredService<Portal.Server.Infrastructure.Email.EmailOutboxSender>().SendDueAsync(CancellationToken.None);
    }

    public async Task<string> UserIdAsync(string email)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Server.Data.PortalUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    /// <summary>A client signed in as a new account with these roles.</summary>
    public async Task<HttpClient> SignedInAsync(params string[] roles)
    {
        var client = CreateBrowserlessClient();
        await client.SignInAsync(await CreateUserAsync(roles));
        return client;
    }

    public HttpClient CreateBrowserlessClient()
    {
        StartServer(); // so that on Kestrel (UseKestrel) the address below is the real one
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true });
        Owners.AddOrUpdate(client, this);
        return client;
    }

    /// <summary>A browserless client whose cookies the test can read and copy, as someone who stole them would.</summary>
    public HttpClient CreateClientWith(CookieContainer jar)
    {
        StartServer();
        var client = CreateDefaultClient(ClientOptions.BaseAddress, new CookieJar(jar));
        Owners.AddOrUpdate(client, this);
        return client;
    }

    private sealed class CookieJar(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var header = cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var cookie in set) cookies.SetCookies(request.RequestUri!, cookie);
            return response;
        }
    }

    // Which app a client talks to, so that Forms.SignInAsync can make authenticator codes on that app's clock.
    private static readonly ConditionalWeakTable<HttpClient, PortalFactory> Owners = new();
    private readonly Dictionary<string, long> lastCodeStep = [];

    public static PortalFactory? Of(HttpClient client) => Owners.TryGetValue(client, out var app) ? app : null;

    /// <summary>
    /// An authenticator code on this app's clock that the account has not used yet. The portal takes each code once,
    /// so when the account signed in during this 30-second step already, the clock moves on to the next step.
    /// </summary>
    public string FreshCode(string email, string key)
    {
        lock (lastCodeStep)
        {
            var step = Clock.GetUtcNow().ToUnixTimeSeconds() / 30;
            if (lastCodeStep.TryGetValue(email, out var used) && used >= step)
            {
                Clock.Advance(TimeSpan.FromSeconds((used + 1 - step) * 30));
                step = used + 1;
            }
            lastCodeStep[email] = step;
            return new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(Clock.GetUtcNow().UtcDateTime);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (postgres is not null)
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            NpgsqlConnection.ClearAllPools();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// One app shared by the test classes of this collection, which run one after another; tests in it must not depend on
/// each other's data. A class with an <c>IClassFixture&lt;PortalFactory&gt;</c> instead has an app of its own and runs
/// beside them (xunit runs collections in parallel).
/// </summary>
[CollectionDefinition(nameof(PortalCollection))]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>;
