using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using Portal.Server;
using Portal.Server.Data;

/// <summary>The real server's services over a SQLite file, migrated and with the demo data, for the seeded benchmarks.</summary>
public static class BenchHost
{
    /// <summary>
    /// PORTAL_BENCH_DB keeps the seeded file for another run (seeding a million rows takes minutes); a benchmark of
    /// several sizes keeps one file for each (portal.db → portal-10000.db).
    /// </summary>
    public static (string Folder, string File, bool Seeded) Database(int? rows = null)
    {
        var keep = Environment.GetEnvironmentVariable("PORTAL_BENCH_DB");
        if (keep is not null && rows is not null) keep = Path.ChangeExtension(keep, null) + $"-{rows}" + Path.GetExtension(keep);
        var folder = keep is null ? Directory.CreateTempSubdirectory("portal-bench-").FullName : Path.GetDirectoryName(Path.GetFullPath(keep))!;
        var file = keep is null ? Path.Combine(folder, "portal.db") : Path.GetFullPath(keep);
        return (folder, file, keep is not null && File.Exists(file));
    }

    public static async Task<WebApplication> StartAsync(string folder, string file, TimeProvider? clock = null, bool postgres = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = folder });
        await UseDatabaseAsync(builder.Configuration, file, postgres);
        builder.Configuration["Database:SeedDemoData"] = "true";
        // The benchmark runs the daily review itself.
        builder.Configuration["Servicing:RunDaily"] = "false";
        builder.Logging.ClearProviders();
        builder.AddPortal();
        if (clock is not null) builder.Services.AddSingleton(clock);
        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        return app;
    }

    /// <summary>
    /// The whole server — pipeline, pages, API — on a free local port, as production runs it: Release, Staging (no
    /// developer pages, the key ring encrypted with a certificate of its own), no logging. On the SQLite file, or with
    /// PORTAL_BENCH_POSTGRES set (a connection string to a server) on a fresh database there.
    /// <paramref name="extra"/> adds to the pipeline after the portal's own middleware, before its endpoints.
    /// </summary>
    public static async Task<(WebApplication App, Uri Url)> StartWebAsync(string folder, string file, bool postgres, Action<WebApplication>? extra = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Staging",
            ContentRootPath = folder,
            // The server's static assets manifest (its pages link the fingerprinted scripts and styles through it).
            ApplicationName = "Portal.Server",
        });
        var settings = builder.Configuration;
        await UseDatabaseAsync(settings, file, postgres);
        settings["Database:SeedDemoData"] = "true";
        settings["Servicing:RunDaily"] = "false";
        settings["DataProtection:CertificatePath"] = WriteCertificate(folder);
        settings["DataProtection:CertificatePassword"] = "bench";
        settings["Portal:PublicBaseUrl"] = "http://127.0.0.1/";
        settings["Documents:Path"] = Path.Combine(folder, "documents");
        settings["Security:SignInFailuresPerAddress"] = "1000000";
        settings["Security:AccountEmailsPerAddress"] = "1000000";
        // Behind a balancer that terminates TLS, as in production: requests say X-Forwarded-Proto: https (see Forwarded).
        settings["FORWARDEDHEADERS_ENABLED"] = "true";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // PORTAL_BENCH_LOG=1 keeps the server's warnings and errors (on the console) to find why a run fails.
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("PORTAL_BENCH_LOG") is not null) builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddPortal();
        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.UsePortalPipeline();
        extra?.Invoke(app);
        app.MapPortalEndpoints();
        app.MapPortalPages();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address + "/"));
    }

    /// <summary>
    /// The SQLite file, or with <paramref name="postgres"/> a database of its own on the server PORTAL_BENCH_POSTGRES names:
    /// a fresh one, or — when PORTAL_BENCH_DB is set — one named after that file, kept for the next run as the file is.
    /// </summary>
    private static async Task UseDatabaseAsync(IConfiguration settings, string file, bool postgres)
    {
        if (!postgres)
        {
            settings["Database:Provider"] = "Sqlite";
            settings["ConnectionStrings:Portal"] = $"Data Source={file}";
            return;
        }
        var server = Environment.GetEnvironmentVariable("PORTAL_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set PORTAL_BENCH_POSTGRES to a connection string of a PostgreSQL server the benchmark may create a database on.");
        var database = Environment.GetEnvironmentVariable("PORTAL_BENCH_DB") is null
            ? $"portal_bench_{Guid.NewGuid():N}"
            : "portal_bench_" + new string(Path.GetFileNameWithoutExtension(file).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection) { Parameters = { new("name", database) } };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }
        }
        settings["Database:Provider"] = "Postgres";
        settings["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    /// <summary>The header the balancer adds: without it the server would refuse to issue its Secure cookies over plain http.</summary>
    public static readonly (string Name, string Value) Forwarded = ("X-Forwarded-Proto", "https");

    /// <summary>A certificate of the benchmark's own to encrypt the key ring with, as production requires.</summary>
    public static string WriteCertificate(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=portal-bench-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, "portal-keys.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "bench"));
        return path;
    }

    public static void Cleanup(string folder)
    {
        if (Environment.GetEnvironmentVariable("PORTAL_BENCH_DB") is null)
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
