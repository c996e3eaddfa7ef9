using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Server.Data;
using Portal.Shared.Features.Applications;
using Portal.Shared.Lending;
using Portal.Shared.Security;

/// <summary>
/// An application submitted end to end (issue 6), as the browser makes it: start, save the answers, upload each required
/// document, submit — through the whole server (validation, document checks by content, the audit trail, the outbox
/// for the emails), by signed-in customers working at once. Against the baseline of the same rows written raw: the
/// rows one submission leaves in each table, inserted again in one transaction per application with fresh keys (and
/// foreign-key checks off, so the copies need not point at copies), by as many workers.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- submit [sqlite|postgres] [workers] [seconds]
/// (postgres needs PORTAL_BENCH_POSTGRES, a connection string to a server the benchmark may create a database on).
/// </summary>
public static partial class SubmissionBenchmark
{
    private const string Api = "api/applications";
    private const string Password = "Portal-demo-2026";
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    public static async Task RunAsync(bool postgres, int workers, int seconds)
    {
        var (folder, file, _) = BenchHost.Database();
        var (app, url) = await BenchHost.StartWebAsync(folder, file, postgres);
        await using var _ = app;
        var customers = new List<HttpClient>();
        for (var i = 0; i < workers + 1; i++) customers.Add(await CustomerAsync(app, url));

        // One submission first: it warms the server up, and its rows are the baseline's.
        var before = await RowsAsync(app);
        await SubmitAsync(customers[^1]);
        var rows = NewRows(before, await RowsAsync(app));
        Console.WriteLine($"{(postgres ? "PostgreSQL" : "SQLite")}, {workers} workers, {seconds} s. One submission leaves: "
            + string.Join(", ", rows.Select(t => $"{t.Name} {t.Rows.Count}")));

        for (var i = 0; i < 5; i++) await SubmitAsync(customers[i % workers]); // JIT and connection pools
        var endToEnd = await TimeAsync(workers, seconds, w => SubmitAsync(customers[w]));
        var raw = await TimeAsync(workers, seconds, _ => InsertRawAsync(app, rows));

        Console.WriteLine();
        Console.WriteLine($"| {(postgres ? "PostgreSQL" : "SQLite")}, {workers} workers | Applications/s | p50 | p95 | Errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| Submitted end to end (4 + documents requests each) | {endToEnd.PerSecond:N1} | {endToEnd.P50:N1} ms | {endToEnd.P95:N1} ms | {endToEnd.Errors} |");
        Console.WriteLine($"| The same rows inserted raw | {raw.PerSecond:N1} | {raw.P50:N1} ms | {raw.P95:N1} ms | {raw.Errors} |");
        Console.WriteLine($"End to end / raw: {endToEnd.PerSecond / raw.PerSecond:P1}");
        await app.StopAsync();
        BenchHost.Cleanup(folder);
    }

    private static async Task<HttpClient> CustomerAsync(WebApplication app, Uri url)
    {
        var email = $"bench-{Guid.NewGuid():N}@bench.portal";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Zhou Mei" };
            Check((await users.CreateAsync(user, Password)).Succeeded, "creating a customer");
            Check((await users.AddToRoleAsync(user, Roles.Customer)).Succeeded, "giving the customer role");
        }
        var client = new HttpClient(new CookieJar { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } }) { BaseAddress = url };
        client.DefaultRequestHeaders.Add(BenchHost.Forwarded.Name, BenchHost.Forwarded.Value);
        var form = await client.GetStringAsync("Account/Login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = Password;
        var signedIn = await client.PostAsync("Account/Login", new FormUrlEncodedContent(fields));
        Check(signedIn.StatusCode == HttpStatusCode.Redirect, $"signing in ({signedIn.StatusCode})");
        client.DefaultRequestHeaders.Add("X-Portal-Csrf", "1");
        return client;
    }

    private static async Task SubmitAsync(HttpClient customer)
    {
        var view = await Read(await customer.PostAsJsonAsync(Api, new StartApplication("everyday-personal-loan")));
        var d = view.Draft;
        d.Amount = 20_000m; d.Months = 12; d.Method = RepaymentMethod.EqualInstalments;
        d.FullName = "Zhou Mei"; d.NationalId = "11010519880605123X"; d.DateOfBirth = new DateOnly(1988, 6, 5);
        d.Phone = "+86 138 0000 0000"; d.Address = "1 Harbour Road, Shanghai"; d.PermanentResident = true;
        d.EmployerName = "Bright Tech Ltd"; d.YearsEmployed = 4; d.MonthlyIncome = 18_000m; d.MonthlyObligations = 1_000m;
        d.Purpose = "A car"; d.ConsentCreditCheck = true; d.ConsentPrivacy = true;
        view = await Read(await customer.PostAsJsonAsync($"{Api}/{view.Id}/draft", new SaveDraft(d, view.ConcurrencyStamp)));
        foreach (var kind in view.Product.RequiredDocuments)
            view = await Read(await customer.PostAsync($"{Api}/{view.Id}/documents",
                new MultipartFormDataContent { { new StringContent(kind), "kind" }, { new ByteArrayContent(Pdf), "file", "scan.pdf" } }));
        view = await Read(await customer.PostAsJsonAsync($"{Api}/{view.Id}/submit", new ApplicationCommand(view.ConcurrencyStamp)));
        Check(view.State == ApplicationState.Submitted, $"submitting ({view.State})");
    }

    private static async Task<ApplicationView> Read(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ApplicationView>())!;
    }

    /// <summary>Each worker repeats <paramref name="work"/> until the time is up; every run is one application.</summary>
    private static async Task<(double PerSecond, double P50, double P95, int Errors)> TimeAsync(int workers, int seconds, Func<int, Task> work)
    {
        var times = new List<double>[workers];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            times[w] = [];
            while (clock.Elapsed < until)
            {
                var start = clock.Elapsed;
                try
                {
                    await work(w);
                    times[w].Add((clock.Elapsed - start).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref errors) <= 3) Console.Error.WriteLine(e.Message);
                }
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = times.SelectMany(t => t).Order().ToArray();
        return (all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.95)], errors);
    }

    /// <summary>
    /// One table's share of a submission, ready to insert again: the statement and, per column, whether it is part of a
    /// unique key (and so gets a fresh value each time) — worked out once, outside the timed loop.
    /// </summary>
    private sealed record TableRows(string Name, string Insert, IColumn[] Columns, bool[] Unique, List<object?[]> Rows);

    private static string Quote(string name) => $"\"{name}\"";

    /// <summary>
    /// Every row of every table, by primary key, with the columns an insert writes (a fresh demo database is small):
    /// not computed ones, and not a key the database numbers itself.
    /// </summary>
    private static async Task<Dictionary<ITable, Dictionary<string, object?[]>>> RowsAsync(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync();
        var result = new Dictionary<ITable, Dictionary<string, object?[]>>();
        foreach (var table in db.Model.GetRelationalModel().Tables.Where(t => t.PrimaryKey is not null))
        {
            var pk = table.PrimaryKey!.Columns;
            var columns = Stored(table);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", pk.Concat(columns).Select(c => Quote(c.Name)))} FROM {Quote(table.Name)}";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = result[table] = [];
            while (await reader.ReadAsync())
            {
                var key = string.Join("|", pk.Select((_, i) => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
                rows[key] = [.. columns.Select((_, i) => reader.IsDBNull(pk.Count + i) ? null : reader.GetValue(pk.Count + i))];
            }
        }
        return result;
    }

    /// <summary>The rows that were not there before.</summary>
    private static List<TableRows> NewRows(Dictionary<ITable, Dictionary<string, object?[]>> before, Dictionary<ITable, Dictionary<string, object?[]>> after) =>
        after.Select(t => (Table: t.Key, Rows: t.Value.Where(r => !before[t.Key].ContainsKey(r.Key)).Select(r => r.Value).ToList()))
            .Where(t => t.Rows.Count > 0)
            .Select(t =>
            {
                var columns = Stored(t.Table).ToArray();
                var unique = t.Table.UniqueConstraints.SelectMany(u => u.Columns).Concat(t.Table.Indexes.Where(i => i.IsUnique).SelectMany(i => i.Columns)).ToHashSet();
                var insert = $"INSERT INTO {Quote(t.Table.Name)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
                return new TableRows(t.Table.Name, insert, columns, [.. columns.Select(unique.Contains)], t.Rows);
            })
            .ToList();

    private static List<IColumn> Stored(ITable table) => table.Columns
        .Where(c => c.ComputedColumnSql is null)
        .Where(c => !(table.PrimaryKey!.Columns.Contains(c) && c.ProviderClrType is var t && (t == typeof(int) || t == typeof(long))
            && c.PropertyMappings.Any(m => m.Property.ValueGenerated == ValueGenerated.OnAdd)))
        .ToList();

    private static long sequence = DateTime.UtcNow.Ticks;

    /// <summary>A value no row has yet, in the stored form of the original (SQLite keeps GUIDs as upper-case text).</summary>
    private static object Fresh(IColumn column, object original)
    {
        if (original is Guid) return Guid.NewGuid();
        if (column.PropertyMappings.First().Property.ClrType == typeof(Guid)) return Guid.NewGuid().ToString().ToUpperInvariant();
        var n = Interlocked.Increment(ref sequence);
        return original switch
        {
            string s => n.ToString("x").PadLeft(s.Length, '0'),
            int => (int)(n % int.MaxValue),
            long => n,
            _ => throw new InvalidOperationException($"No fresh value for {column.Table.Name}.{column.Name} ({original.GetType().Name})."),
        };
    }

    /// <summary>One application's rows, inserted again in one transaction: every unique column gets a fresh value.</summary>
    private static async Task InsertRawAsync(WebApplication app, List<TableRows> tables)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using (var off = connection.CreateCommand())
        {
            off.CommandText = db.Database.IsNpgsql() ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF";
            await off.ExecuteNonQueryAsync();
        }
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = table.Insert;
                for (var i = 0; i < table.Columns.Length; i++)
                {
                    var parameter = insert.CreateParameter();
                    parameter.ParameterName = $"@p{i}";
                    parameter.Value = row[i] is { } value ? (table.Unique[i] ? Fresh(table.Columns[i], value) : value) : DBNull.Value;
                    insert.Parameters.Add(parameter);
                }
                await insert.ExecuteNonQueryAsync();
            }
        }
        await tx.CommitAsync();
    }

    /// <summary>
    /// The browser's cookie jar, minus one rule: the server marks its cookies Secure (the balancer speaks https to the
    /// browser), and this client speaks plain http to the server as the balancer does.
    /// </summary>
    internal sealed class CookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, ct);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }
            return response;
        }
    }

    private static void Check(bool ok, string what)
    {
        if (!ok) throw new InvalidOperationException($"The benchmark failed {what}.");
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    internal static partial Regex HiddenInput();
}
