using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

/// <summary>
/// The catalog page under concurrent load (issue 6): <c>/products</c> as a visitor who has not signed in gets it from the
/// real server (rendered once a minute, then from its output cache: Features/Catalog/PublicPages.cs), and the same
/// page's HTML, saved once, as a static file through the same middleware. wrk drives both in turn with the same
/// connections; the ratio is what serving the page costs over sending a file.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- catalog [connections] [seconds]
/// </summary>
public static class CatalogPageBenchmark
{
    public static async Task RunAsync(int connections, int seconds)
    {
        var (folder, file, _) = BenchHost.Database();
        var statics = Directory.CreateDirectory(Path.Combine(folder, "static")).FullName;
        var (app, url) = await BenchHost.StartWebAsync(folder, file, postgres: false, extra: a =>
            a.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(statics), RequestPath = "/bench-static" }));
        await using var _ = app;

        using (var http = new HttpClient { BaseAddress = url })
        {
            var html = await http.GetStringAsync("products");
            if (!html.Contains("Everyday", StringComparison.Ordinal)) throw new InvalidOperationException("The catalog page did not list the demo products.");
            await File.WriteAllTextAsync(Path.Combine(statics, "products.html"), html);
            Console.WriteLine($"/products: {html.Length / 1024.0:N1} KB of HTML");
        }

        var page = Wrk(new Uri(url, "products"), connections, seconds);
        var staticFile = Wrk(new Uri(url, "bench-static/products.html"), connections, seconds);
        Console.WriteLine();
        Console.WriteLine($"| {connections} connections, {seconds} s | Requests/s | p50 | p99 | Errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| /products as visitors get it | {page.Rps:N0} | {page.P50:N1} ms | {page.P99:N1} ms | {page.Errors} |");
        Console.WriteLine($"| The same HTML as a static file | {staticFile.Rps:N0} | {staticFile.P50:N1} ms | {staticFile.P99:N1} ms | {staticFile.Errors} |");
        Console.WriteLine($"Page / static throughput: {page.Rps / staticFile.Rps:P0}");
        await app.StopAsync();
        BenchHost.Cleanup(folder);
    }

    private static (double Rps, double P50, double P99, long Errors) Wrk(Uri url, int connections, int seconds)
    {
        Run(url, connections, Math.Max(3, seconds / 4)); // warm-up: JIT, caches, connection pools
        var output = Run(url, connections, seconds);
        double Latency(string percentile)
        {
            var m = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } e ? long.Parse(e.Groups[1].Value) : 0;
        if (Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)") is { Success: true } s)
            errors += Enumerable.Range(1, 4).Sum(i => long.Parse(s.Groups[i].Value));
        return (rps, Latency("50"), Latency("99"), errors);
    }

    private static string Run(Uri url, int connections, int seconds)
    {
        // wrk (apt install wrk): two threads, one per core, as many connections as asked.
        using var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-H", $"{BenchHost.Forwarded.Name}: {BenchHost.Forwarded.Value}", url.ToString()])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("wrk did not start (apt install wrk).");
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {output}");
        return output;
    }
}
