using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;

/// <summary>
/// What a customer's browser downloads to run the portal (issue 6): the portal and the plain Blazor Web App template
/// (WebAssembly interactivity everywhere, as the portal has it) are each published in Release as a lender deploys them
/// (trimmed, every asset precompressed), started, and visited in a fresh Chromium — the portal's page of a product
/// (where a visitor becomes a customer: the calculator runs in WebAssembly), the template's counter page. Every <c>_framework</c> and <c>_content</c> file the visit
/// asked for is then fetched again as a browser asks for it (<c>Accept-Encoding: gzip, deflate, br</c>: the server sends
/// Brotli where it has it), and its bytes on the wire are counted.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- wasm   (needs Chromium: apt install chromium)
/// </summary>
public static class WasmDownloadBenchmark
{
    /// <param name="keep">A folder to publish into and keep; given again, the apps published there are measured again.</param>
    public static async Task RunAsync(string? keep)
    {
        var work = keep is null ? Directory.CreateTempSubdirectory("portal-wasm-").FullName : Directory.CreateDirectory(keep).FullName;
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "Portal.sln"))) repo = Path.GetDirectoryName(repo) ?? throw new InvalidOperationException("No Portal.sln above the benchmark.");

        Console.WriteLine("Publishing the portal and the template (Release) …");
        if (!File.Exists(Path.Combine(work, "portal", "Portal.Server.dll")))
            await DotnetAsync(repo, "publish", "Portal.Server", "-c", "Release", "-o", Path.Combine(work, "portal"));
        if (!File.Exists(Path.Combine(work, "template", "Baseline.dll")))
        {
            await DotnetAsync(work, "new", "blazor", "--interactivity", "WebAssembly", "--all-interactive", "-n", "Baseline", "-o", "template-src");
            await DotnetAsync(work, "publish", Path.Combine("template-src", "Baseline"), "-c", "Release", "-o", Path.Combine(work, "template"));
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });

        Measure portal, chinese, template;
        await using (var server = Server.Start(Path.Combine(work, "portal"), "Portal.Server.dll", PortalEnvironment(work)))
        {
            await server.ReadyAsync("health");
            portal = await VisitAsync(browser, server.Url, page => page.GotoAsync("products/everyday-personal-loan"));
            // A browser set to Chinese gets the page in Simplified Chinese, its share of the ICU data and its resources.
            chinese = await VisitAsync(browser, server.Url, page => page.GotoAsync("products/everyday-personal-loan"), "zh-CN");
        }
        await using (var server = Server.Start(Path.Combine(work, "template"), "Baseline.dll", new Dictionary<string, string>()))
        {
            await server.ReadyAsync("");
            template = await VisitAsync(browser, server.Url, page => page.GotoAsync("counter"));
        }

        Console.WriteLine();
        Console.WriteLine("| First visit | Files | `_framework` | MudBlazor | Other `_content` | Total sent | Total uncompressed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, m) in new[] { ("The portal: a product page", portal), ("The same page in Chinese", chinese), ("Plain Blazor template: its counter page", template) })
            Console.WriteLine($"| {name} | {m.Files.Count} | {Kb(m.Sum("_framework/"))} | {Kb(m.Sum("_content/MudBlazor/"))} | " +
                              $"{Kb(m.Sum("_content/") - m.Sum("_content/MudBlazor/"))} | {Kb(m.Sum(""))} | {Kb(m.Files.Sum(f => f.Plain))} |");
        Console.WriteLine($"Portal / template, bytes sent: {(double)portal.Sum("") / template.Sum(""):N2}×");
        Console.WriteLine();
        // Fingerprints differ between the builds: files are matched by their plain names.
        static string Plain(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\.[a-z0-9]{5,12}(\.(wasm|js|dat|css))$", "$1");
        var inTemplate = template.Files.Select(f => Plain(f.Path)).ToHashSet();
        Console.WriteLine("What the portal downloads that the template does not, largest first, as sent:");
        foreach (var f in portal.Files.Where(f => !inTemplate.Contains(Plain(f.Path))).OrderByDescending(f => f.Sent).Take(15))
            Console.WriteLine($"  {Kb(f.Sent),10}  {f.Path}");
        Console.WriteLine("The portal's largest files, as sent:");
        foreach (var f in portal.Files.OrderByDescending(f => f.Sent).Take(8)) Console.WriteLine($"  {Kb(f.Sent),10}  {f.Path}");

        if (keep is null) Directory.Delete(work, recursive: true);
    }

    private static string Kb(long bytes) => $"{bytes / 1024.0:N0} KB";

    private sealed record Measure(List<(string Path, long Sent, long Plain)> Files)
    {
        public long Sum(string prefix) => Files.Where(f => f.Path.StartsWith("/" + prefix, StringComparison.Ordinal)).Sum(f => f.Sent);
    }

    /// <summary>A fresh browser (empty cache) does <paramref name="visit"/>; then each runtime file it asked for is counted.</summary>
    private static async Task<Measure> VisitAsync(IBrowser browser, Uri url, Func<IPage, Task> visit, string locale = "en-GB")
    {
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = url.ToString(),
            Locale = locale,
            // As behind the balancer that terminates TLS in production (see BenchHost.Forwarded).
            ExtraHTTPHeaders = new Dictionary<string, string> { [BenchHost.Forwarded.Name] = BenchHost.Forwarded.Value },
        });
        var page = await context.NewPageAsync();
        var asked = new HashSet<string>();
        page.Request += (_, r) => asked.Add(new Uri(r.Url).AbsolutePath);
        // A first visit should also be a clean one: what the browser refused or could not load is shown.
        page.Console += (_, m) => { if (m.Type == "error") Console.WriteLine($"  browser console error at {url}: {m.Text}"); };
        try
        {
            await visit(page);
        }
        catch (TimeoutException)
        {
            var shot = Path.Combine(Path.GetTempPath(), "portal-wasm-visit.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            Console.Error.WriteLine($"The visit stopped at {page.Url}; its screenshot is {shot}.");
            throw;
        }
        // The runtime and the assemblies are fetched after the page has loaded: wait until the network has been quiet.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(2000);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = url };
        var files = new List<(string, long, long)>();
        foreach (var path in asked.Where(p => p.StartsWith("/_framework/", StringComparison.Ordinal) || p.StartsWith("/_content/", StringComparison.Ordinal)).Order())
        {
            files.Add((path, await BytesAsync(http, path, "gzip, deflate, br"), await BytesAsync(http, path, "identity")));
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
        if (encoding != "identity" && !response.Content.Headers.ContentEncoding.Contains("br") && body.Length > 1024)
            Console.WriteLine($"  not as Brotli: {path}, {body.Length / 1024.0:N0} KB {string.Join(",", response.Content.Headers.ContentEncoding)}");
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
        ["FORWARDEDHEADERS_ENABLED"] = "true",
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
