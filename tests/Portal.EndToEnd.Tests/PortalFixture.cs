using Microsoft.Playwright;
using OtpNet;
using Portal.Tests.Shared;

namespace Portal.EndToEnd.Tests;

/// <summary>All browser tests share one running server and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal in a browser";
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
    private long lastTotpWindow = -1;
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
    /// The demo staff's current authenticator code, never one already handed out: Identity refuses a code
    /// used twice, so a second call in the same 30-second window waits for the next one.
    /// </summary>
    public async Task<string> NextStaffCodeAsync()
    {
        await totpGate.WaitAsync();
        try
        {
            var totp = new Totp(Base32Encoding.ToBytes(StaffAuthenticatorKey));
            var window = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            if (window <= lastTotpWindow)
            {
                var next = (lastTotpWindow + 1) * 30;
                var wait = TimeSpan.FromSeconds(next - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + TimeSpan.FromMilliseconds(500);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                window = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            }
            // Do not hand out a code about to expire: the form still has to be submitted.
            if (totp.RemainingSeconds() < 4)
            {
                await Task.Delay(TimeSpan.FromSeconds(totp.RemainingSeconds() + 1));
                window = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            }
            lastTotpWindow = window;
            return totp.ComputeTotp();
        }
        finally
        {
            totpGate.Release();
        }
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
