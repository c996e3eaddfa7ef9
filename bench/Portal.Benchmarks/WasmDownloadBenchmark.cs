using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;

/// <summary>
/// What a customer's browser downloads to run the portal (issue 6): the portal and the plain Blazor Web App template
/// (WebAssembly interactivity everywhere, as the portal has it) are each published in Release as a lender deploys them
/// (trimmed, every asset precompressed), started, and visited in a fresh Chromium — the portal by a customer who signs
/// in and opens their loans, the template's counter page. Every <c>_framework</c> and <c>_content</c> file the visit
/// asked for is then fetched again with <c>Accept-Encoding: br</c>, and its bytes on the wire are counted.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- wasm   (needs Chromium: apt install chromium)
/// </summary>
public static class WasmDownloadBenchmark
{
    public static async Task RunAsync()
    {
        var work = Directory.CreateTempSubdirectory("portal-wasm-").FullName;
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "Portal.sln"))) repo = Path.GetDirectoryName(repo) ?? throw new InvalidOperationException("No Portal.sln above the benchmark.");

        Console.WriteLine("Publishing the portal and the template (Release) …");
        await DotnetAsync(repo, "publish", "Portal.Server", "-c", "Release", "-o", Path.Combine(work, "portal"));
        await DotnetAsync(work, "new", "blazor", "--interactivity", "WebAssembly", "--all-interactive", "-n", "Baseline", "-o", "template-src");
        await DotnetAsync(work, "publish", Path.Combine("template-src", "Baseline"), "-c", "Release", "-o", Path.Combine(work, "template"));

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });

        Measure portal, template;
        await using (var server = Server.Start(Path.Combine(work, "portal"), "Portal.Server.dll", PortalEnvironment(work)))
        {
            await server.ReadyAsync("health");
            portal = await VisitAsync(browser, server.Url, async page =>
            {
                await page.GotoAsync("Account/Login?ReturnUrl=%2Floans");
                await page.Locator("[id='Input.Email']").FillAsync("customer@demo.portal");
                await page.Locator("[id='Input.Password']").FillAsync("Portal-demo-2026");
                await page.Locator("form:has([id='Input.Password']) button[type=submit]").ClickAsync();
                await page.WaitForURLAsync("**/loans");
            });
        }
        await using (var server = Server.Start(Path.Combine(work, "template"), "Baseline.dll", new Dictionary<string, string>()))
        {
            await server.ReadyAsync("");
            template = await VisitAsync(browser, server.Url, page => page.GotoAsync("counter"));
        }

        Console.WriteLine();
        Console.WriteLine("| First visit | Files | `_framework` (Brotli) | MudBlazor (Brotli) | Other `_content` (Brotli) | Total (Brotli) | Total uncompressed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, m) in new[] { ("The portal: a customer's loans", portal), ("Plain Blazor template: its counter page", template) })
            Console.WriteLine($"| {name} | {m.Files.Count} | {Kb(m.Sum("_framework/"))} | {Kb(m.Sum("_content/MudBlazor/"))} | " +
                              $"{Kb(m.Sum("_content/") - m.Sum("_content/MudBlazor/"))} | {Kb(m.Sum(""))} | {Kb(m.Files.Sum(f => f.Plain))} |");
        Console.WriteLine($"Portal / template, Brotli bytes: {(double)portal.Sum("") / template.Sum(""):N2}×");
        Console.WriteLine();
        Console.WriteLine("The portal's largest files (Brotli):");
        foreach (var f in portal.Files.OrderByDescending(f => f.Brotli).Take(12)) Console.WriteLine($"  {Kb(f.Brotli),10}  {f.Path}");

        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }

    private static string Kb(long bytes) => $"{bytes / 1024.0:N0} KB";

    private sealed record Measure(List<(string Path, long Brotli, long Plain)> Files)
    {
        public long Sum(string prefix) => Files.Where(f => f.Path.StartsWith("/" + prefix, StringComparison.Ordinal)).Sum(f => f.Brotli);
    }

    /// <summary>A fresh browser (empty cache) does <paramref name="visit"/>; then each runtime file it asked for is counted.</summary>
    private static async Task<Measure> VisitAsync(IBrowser browser, Uri url, Func<IPage, Task> visit)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = url.ToString() });
        var page = await context.NewPageAsync();
        var asked = new HashSet<string>();
        page.Request += (_, r) => asked.Add(new Uri(r.Url).AbsolutePath);
        await visit(page);
        // The runtime and the assemblies are fetched after the page has loaded: wait until the network has been quiet.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(2000);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = url };
        var files = new List<(string, long, long)>();
        foreach (var path in asked.Where(p => p.StartsWith("/_framework/", StringComparison.Ordinal) || p.StartsWith("/_content/", StringComparison.Ordinal)).Order())
        {
            files.Add((path, await BytesAsync(http, path, "br"), await BytesAsync(http, path, "identity")));
        }
        if (!files.Any(f => f.Item1.EndsWith(".wasm", StringComparison.Ordinal)))
            throw new InvalidOperationException($"The visit to {url} loaded no WebAssembly: the runtime did not start.");
        return new Measure(files);
    }

    private static async Task<long> BytesAsync(HttpClient http, string path, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync();
        if (encoding == "br" && !response.Content.Headers.ContentEncoding.Contains("br") && body.Length > 1024)
            Console.WriteLine($"  (not served compressed: {path}, {body.Length / 1024.0:N0} KB)");
        return body.Length;
    }

    /// <summary>The published portal as it runs in production (Staging: no developer pages), on SQLite with the demo data.</summary>
    private static Dictionary<string, string> PortalEnvironment(string work) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Staging",
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(work, "portal.db")}",
        ["Database__SeedDemoData"] = "true",
        ["Servicing__RunDaily"] = "false",
        ["DataProtection__CertificatePath"] = BenchHost.WriteCertificate(work),
        ["DataProtection__CertificatePassword"] = "bench",
        ["Portal__PublicBaseUrl"] = "http://localhost/",
        ["Documents__Path"] = Path.Combine(work, "documents"),
    };

    private static async Task DotnetAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed:\n{await output}\n{await errors}");
    }

    /// <summary>A published app as a child process on a free local port.</summary>
    private sealed class Server(Process process, Uri url) : IAsyncDisposable
    {
        public Uri Url => url;

        public static Server Start(string folder, string dll, Dictionary<string, string> environment)
        {
            var url = new Uri($"http://localhost:{FreePort()}/");
            var start = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority);
            foreach (var (key, value) in environment) start.Environment[key] = value;
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Server(process, url);
        }

        public async Task ReadyAsync(string path)
        {
            using var http = new HttpClient { BaseAddress = url };
            for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline; await Task.Delay(250))
            {
                if (process.HasExited) throw new InvalidOperationException($"The server at {url} exited with code {process.ExitCode}.");
                try { if ((await http.GetAsync(path)).IsSuccessStatusCode) return; }
                catch (HttpRequestException) { }
            }
            throw new TimeoutException($"The server at {url} did not answer within two minutes.");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
