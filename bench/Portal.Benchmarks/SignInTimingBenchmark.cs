using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Portal.Server.Data;
using Portal.Shared.Security;

/// <summary>
/// Whether the sign-in form's timing tells who has an account (issue 15): a wrong password for an account that exists
/// against an address that has none, through the whole server. Each account gets fewer wrong passwords than lock it,
/// so every sample takes the path a guesser's first tries take.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- signin [samples]
/// </summary>
public static class SignInTimingBenchmark
{
    private const int TriesPerAccount = 4; // one fewer than Security:SignInFailuresPerAccount

    public static async Task RunAsync(int samples)
    {
        var (folder, file, _) = BenchHost.Database();
        var (app, url) = await BenchHost.StartWebAsync(folder, file, postgres: false);
        await using var _ = app;
        var known = new List<string>();
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            for (var i = 0; i < samples / TriesPerAccount + 1; i++)
            {
                var email = $"timing-{Guid.NewGuid():N}@bench.portal";
                var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true };
                if (!(await users.CreateAsync(user, "Portal-demo-2026")).Succeeded || !(await users.AddToRoleAsync(user, Roles.Customer)).Succeeded)
                    throw new InvalidOperationException("The benchmark could not create its accounts.");
                known.Add(email);
            }
        }

        using var client = new HttpClient(new SubmissionBenchmark.CookieJar { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } }) { BaseAddress = url };
        client.DefaultRequestHeaders.Add(BenchHost.Forwarded.Name, BenchHost.Forwarded.Value);
        async Task<double> Attempt(string email)
        {
            var form = await client.GetStringAsync("Account/Login");
            var fields = SubmissionBenchmark.HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            fields["Input.Email"] = email;
            fields["Input.Password"] = "not the password at all";
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsync("Account/Login", new FormUrlEncodedContent(fields));
            var ms = clock.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"A wrong password answered {(int)response.StatusCode}.");
            return ms;
        }

        for (var i = 0; i < 10; i++) await Attempt($"warm-{i}@bench.portal"); // JIT, pools, the decoy hash
        var existing = new List<double>();
        var absent = new List<double>();
        // Interleaved, so whatever else the machine does falls on both alike.
        for (var i = 0; i < samples; i++)
        {
            existing.Add(await Attempt(known[i / TriesPerAccount]));
            absent.Add(await Attempt($"nobody-{Guid.NewGuid():N}@bench.portal"));
        }

        Console.WriteLine($"| Wrong password, {samples} samples each | p50 | p95 |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| Account exists | {Percentile(existing, 0.50):N1} ms | {Percentile(existing, 0.95):N1} ms |");
        Console.WriteLine($"| No such account | {Percentile(absent, 0.50):N1} ms | {Percentile(absent, 0.95):N1} ms |");
        await app.StopAsync();
        BenchHost.Cleanup(folder);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
    }
}
