using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Server.Data;
using Portal.Server.Tests.Loans;
using Portal.Shared.Lending;
using Portal.Tests.Shared;

namespace Portal.Server.Tests.Cluster;

/// <summary>
/// Two Portal instances on one throwaway PostgreSQL, set up as production would be (README, Running in production): the
/// schema migrated by the explicit step before either starts, the key ring in the database encrypted with a certificate,
/// documents in the database, Stripe configured (its API on a local stand-in), behind a TLS-terminating load balancer that
/// sends X-Forwarded-Proto. Both run the hosted daily review, started at the same moment.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Customers with a loan paid out this many days ago: each has an instalment overdue today.</summary>
    public const int OverdueBorrowers = 40;
    public const int PaidOutDaysAgo = 40;
    public const string CertificatePassword = "cluster-test-only";

    private readonly string folder = Directory.CreateTempSubdirectory("portal-cluster-").FullName;
    private WebApplication? services;

    public TestPostgres Postgres { get; private set; } = default!;
    public FakeStripe Stripe { get; } = FakeStripe.Start();
    public PortalProcess A { get; private set; } = default!;
    public PortalProcess B { get; private set; } = default!;
    public IReadOnlyList<PortalProcess> Instances => [A, B];

    /// <summary>The portal's own services on the same database, for the tests to read what the instances wrote.</summary>
    public IServiceProvider Services => services!.Services;

    public Dictionary<string, string> Environment { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Postgres = await TestPostgres.StartAsync();
        await CreateDatabaseAsync(Postgres);

        Environment = ProductionLike(Postgres, folder);
        Environment["Documents__Store"] = "Database";
        Environment["Payments__Stripe__SecretKey"] = FakeStripe.SecretKey;
        Environment["Payments__Stripe__WebhookSecret"] = FakeStripe.WebhookSecret;
        Environment["Payments__Stripe__ApiBase"] = Stripe.Url;
        Environment["Email__Mode"] = "Folder";
        Environment["Email__Folder"] = Path.Combine(folder, "mail");
        Environment["Servicing__RunDaily"] = "true";
        Environment["Servicing__DailyRunAt"] = "00:00";
        // Every day overdue reminds, so each overdue loan is due exactly one reminder today, whichever its day.
        for (var day = 1; day <= 400; day++) Environment[$"Servicing__RemindDaysOverdue__{day - 1}"] = day.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The explicit step, once: schema, the key ring's first key, the demo data.
        await PortalProcess.RunAsync("migrate", new Dictionary<string, string>(Environment) { ["Database__SeedDemoData"] = "true" });
        services = OwnServices(Environment);
        await SeedOverdueLoansAsync();

        // Both at once, as a rolling start would: each one's hosted run tries to claim today.
        var started = await Task.WhenAll(PortalProcess.StartAsync("A", Environment), PortalProcess.StartAsync("B", Environment));
        (A, B) = (started[0], started[1]);
    }

    /// <summary>A client behind the load balancer: one cookie jar, each request sent to the instance asked for.</summary>
    public Balancer Browser() => new(A, B);

    /// <summary>
    /// An instance's settings as production would give them (README, Running in production), on a database of that cluster
    /// called portal: Staging (so the demo accounts may be seeded), migrations by the explicit step only, the key ring
    /// encrypted with a certificate of its own, behind a balancer that terminates TLS.
    /// </summary>
    public static Dictionary<string, string> ProductionLike(TestPostgres postgres, string folder) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Staging",
        ["DOTNET_ENVIRONMENT"] = "Staging",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Portal"] = postgres.ConnectionString(),
        ["Database__MigrateAtStart"] = "false",
        ["Database__SeedDemoData"] = "false",
        ["DataProtection__CertificatePath"] = WriteCertificate(folder),
        ["DataProtection__CertificatePassword"] = CertificatePassword,
        ["Portal__PublicBaseUrl"] = Balancer.PublicUrl.ToString(),
        ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        ["Documents__Path"] = Path.Combine(folder, "documents"),
        ["Security__SignInFailuresPerAddress"] = "100000",
        ["Security__AccountEmailsPerAddress"] = "100000",
    };

    public static async Task CreateDatabaseAsync(TestPostgres postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE portal", connection);
        await create.ExecuteNonQueryAsync();
    }

    internal static string WriteCertificate(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=portal-keys-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, "portal-keys.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        return path;
    }

    /// <summary>The portal's own services (not started) on the instances' database and settings: for seeding and for reading what they wrote.</summary>
    public static WebApplication OwnServices(IReadOnlyDictionary<string, string> environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Staging",
            ContentRootPath = PortalProcess.LocateServer().ProjectDir,
        });
        foreach (var (key, value) in environment) builder.Configuration[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        builder.Configuration["Servicing:RunDaily"] = "false";
        builder.Logging.ClearProviders();
        builder.AddPortal();
        return builder.Build();
    }

    private async Task SeedOverdueLoansAsync()
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        for (var i = 0; i < OverdueBorrowers; i++)
        {
            var email = $"borrower-{i}@cluster.portal";
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Borrower {i}" };
            Assert.True((await users.CreateAsync(user)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Portal.Shared.Security.Roles.Customer)).Succeeded);
            await DemoLoans.AddAsync(scope.ServiceProvider, email, "everyday-personal-loan", $"Borrower {i}", 10_000m, 12,
                RepaymentMethod.EqualInstalments, Portal.Shared.Features.Catalog.RiskGrade.B, PaidOutDaysAgo, "manager@demo.portal", rating: 4, CancellationToken.None);
        }
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in new[] { A, B })
            if (instance is not null)
            {
                try { await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"portal-cluster-{instance.Name}.log"), instance.Output); }
                catch (IOException) { }
                await instance.DisposeAsync();
            }
        if (services is not null) await services.DisposeAsync();
        await Stripe.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// What a browser sees behind a TLS-terminating load balancer: its cookies are for the public https address, and every
/// request reaches an instance over plain HTTP with X-Forwarded-Proto. <see cref="On"/> picks the instance per request.
/// </summary>
public sealed class Balancer(PortalProcess? a = null, PortalProcess? b = null)
{
    public static readonly Uri PublicUrl = new("https://loans.portal.test/");
    private readonly CookieContainer jar = new();

    public HttpClient On(PortalProcess instance) =>
        new(new Forwarding(jar) { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false } })
        {
            BaseAddress = instance.BaseUrl,
        };

    public HttpClient A => On(a!);
    public HttpClient B => On(b!);

    /// <summary>The password step of the sign-in form: fetched (with its antiforgery token) from one instance, posted to another.</summary>
    public static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient formFrom, HttpClient postTo, string email)
    {
        var form = Tests.Infrastructure.Forms.HiddenInputs(await (await formFrom.GetAsync("/Account/Login")).Content.ReadAsStringAsync());
        form["Input.Email"] = email;
        form["Input.Password"] = Tests.Infrastructure.Forms.DemoPassword;
        var response = await postTo.PostAsync("/Account/Login", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private sealed class Forwarding(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var seen = new Uri(PublicUrl, request.RequestUri!.PathAndQuery);
            var cookies = jar.GetCookieHeader(seen);
            if (cookies.Length > 0) request.Headers.Add("Cookie", cookies);
            request.Headers.Add("X-Forwarded-Proto", "https");
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var cookie in set) jar.SetCookies(seen, cookie);
            return response;
        }
    }
}

[CollectionDefinition(nameof(ClusterCollection))]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;
