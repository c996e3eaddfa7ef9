using Microsoft.Playwright;
using OtpNet;
using Portal.Tests.Shared;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// The browser tests run in two collections, each with a server (and database) and a browser of its own, so that xunit
/// runs the two side by side: a test spends much of its time waiting on the server, on WebAssembly starting in the
/// browser, or on the network going quiet, and the other collection's test uses the cores meanwhile. The tests of one
/// collection run one after another, as before. A class is in this one unless it names <see cref="SecondPortalCollection"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal in a browser";
}

/// <summary>The second server and browser (see <see cref="PortalCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SecondPortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal in a browser, second server";
}

/// <summary>
/// Starts the real Portal.Server (its own build output, as a child process, on a free loopback port,
/// with a throw-away SQLite database and mail folder) and Debian's Chromium through Playwright.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";
    public const string CustomerEmail = "customer@demo.portal";
    public const string ProductManagerEmail = "product@demo.portal";
    public const string DemoPassword = "Portal-demo-2026";
    public const string StaffAuthenticatorKey = "PORTALDEMOSTAFFAUTHENTICATORKEYA";

    private PortalProcess? server;
    private IPlaywright? playwright;
    private readonly Dictionary<string, long> lastStaffStep = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim totpGate = new(1, 1);

    public string TempDir { get; } = Path.Combine(Path.GetTempPath(), "portal-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    public string MailFolder => Path.Combine(TempDir, "mail");
    public Uri BaseUrl { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public string ServerOutput => server?.Output ?? "";

    public async Task InitializeAsync()
    {
        // Check the browser first: no point starting the server when there is nothing to drive it.
        var chromium = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"Chromium was not found at '{chromium}'. The browser tests drive Debian's Chromium and never download one: " +
                "run `apt-get install chromium` (as root), or set PORTAL_CHROMIUM to the path of a Chromium/Chrome executable.");

        Directory.CreateDirectory(MailFolder);
        await StartServerAsync();

        // Playwright's expectations otherwise give up after 5 seconds, less than a busy machine can take to show a change.
        Assertions.SetDefaultExpectTimeout((float)PageChecks.Timeout.TotalMilliseconds);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Browser is not null) await Browser.CloseAsync();
        }
        catch { /* the browser may already be gone */ }
        playwright?.Dispose();

        if (server is { } p)
        {
            // Kept beside the test assembly for a look after a failure.
            try { await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "portal-server.log"), ServerOutput); }
            catch (IOException) { }
            await p.DisposeAsync();
        }

        for (var attempt = 0; attempt < 5 && Directory.Exists(TempDir); attempt++)
        {
            try { Directory.Delete(TempDir, recursive: true); }
            catch (IOException) { await Task.Delay(300); }
            catch (UnauthorizedAccessException) { await Task.Delay(300); }
        }
    }

    /// <summary>Fails the calling test with the server's output when the server is no longer running.</summary>
    public void EnsureServerRunning()
    {
        if (server is { HasExited: true } p)
            throw new InvalidOperationException(
                $"Portal.Server stopped during the run with exit code {p.ExitCode}; something outside the tests ended it or it crashed." +
                $"\n--- server output ---\n{ServerOutput}");
    }

    /// <summary>A fresh, isolated browser context (own cookies) pointed at the server.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.BaseURL = BaseUrl.ToString();
        options.Locale ??= "en-GB";
        options.AcceptDownloads = true;
        // As many people set it; it also means axe never samples a colour half-way through a transition.
        options.ReducedMotion ??= ReducedMotion.Reduce;
        return Browser.NewContextAsync(options);
    }

    /// <summary>
    /// An authenticator code the server takes for this demo staff account now, without waiting for a new 30-second window
    /// when it can. The server accepts a code of the step before, at or after its clock's, and per account only a step
    /// later than the last it accepted (<c>AuthenticatorCodes</c>); the demo accounts share one key, but each remembers
    /// its own step. So the code is for the first step past the account's last that is the present one or the next:
    /// valid for at least 30 seconds more, time enough to submit the form. Only a third sign-in of the same account
    /// within one window waits for the clock (the rule is the server's, not a guess at a delay).
    /// </summary>
    public async Task<string> NextStaffCodeAsync(string email)
    {
        long step;
        await totpGate.WaitAsync();
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            step = Math.Max(now, lastStaffStep.GetValueOrDefault(email, long.MinValue) + 1);
            lastStaffStep[email] = step;
        }
        finally
        {
            totpGate.Release();
        }
        // A step two or more past the present is not accepted yet: wait until it is the next one.
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 < step - 1)
            await Task.Delay(TimeSpan.FromSeconds((step - 1) * 30 - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + TimeSpan.FromMilliseconds(200));
        return new Totp(Base32Encoding.ToBytes(StaffAuthenticatorKey)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
    }

    private async Task StartServerAsync()
    {
        server = await PortalProcess.StartAsync("browser tests", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(TempDir, "portal.db")}",
            ["Email__Mode"] = "Folder",
            ["Email__Folder"] = MailFolder,
            // All tests come from 127.0.0.1; the per-address limits on failed sign-ins and account emails are for the real world.
            ["Security__SignInFailuresPerAddress"] = "10000",
            ["Security__AccountEmailsPerAddress"] = "10000",
            // The tests run the day's review themselves (as loan operations): after 01:00 in Shanghai the hosted run would
            // otherwise have reviewed the day already, and what the page shows would depend on the hour the tests run.
            ["Servicing__RunDaily"] = "false",
        });
        BaseUrl = server.BaseUrl;
    }
}
