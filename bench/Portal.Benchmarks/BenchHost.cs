using Portal.Server;
using Portal.Server.Data;

/// <summary>The real server's services over a SQLite file, migrated and with the demo data, for the seeded benchmarks.</summary>
public static class BenchHost
{
    /// <summary>PORTAL_BENCH_DB keeps the seeded file for another run (seeding a million rows takes minutes).</summary>
    public static (string Folder, string File, bool Seeded) Database()
    {
        var keep = Environment.GetEnvironmentVariable("PORTAL_BENCH_DB");
        var folder = keep is null ? Directory.CreateTempSubdirectory("portal-bench-").FullName : Path.GetDirectoryName(Path.GetFullPath(keep))!;
        var file = keep is null ? Path.Combine(folder, "portal.db") : Path.GetFullPath(keep);
        return (folder, file, keep is not null && File.Exists(file));
    }

    public static async Task<WebApplication> StartAsync(string folder, string file, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = folder });
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["ConnectionStrings:Portal"] = $"Data Source={file}";
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

    public static void Cleanup(string folder)
    {
        if (Environment.GetEnvironmentVariable("PORTAL_BENCH_DB") is null)
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
