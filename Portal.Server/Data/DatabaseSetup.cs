using Microsoft.EntityFrameworkCore;

namespace Portal.Server.Data;

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=App_Data/portal.db";

    /// <summary><c>Database:Provider</c> = Sqlite (default) | Postgres; <c>ConnectionStrings:Portal</c>.</summary>
    public static IHostApplicationBuilder AddPortalDatabase(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        var connection = builder.Configuration.GetConnectionString("Portal");
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connection))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Portal is not set.");
            builder.Services.AddDbContext<PortalDbContext, PostgresPortalDbContext>(o => o.UsePostgres(connection));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            connection = string.IsNullOrWhiteSpace(connection) ? DefaultSqlite : connection;
            connection = AnchorSqliteFile(connection, builder.Environment.ContentRootPath);
            builder.Services.AddDbContext<PortalDbContext, SqlitePortalDbContext>(o => o.UseSqlitePortal(connection));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
        }
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    internal static DbContextOptionsBuilder UseSqlitePortal(this DbContextOptionsBuilder o, string connection) =>
        o.UseSqlite(connection, s => s.MigrationsHistoryTable("__EFMigrationsHistory")).AddInterceptors(SqliteReading.Instance);

    internal static DbContextOptionsBuilder UsePostgres(this DbContextOptionsBuilder o, string connection) =>
        o.UseNpgsql(connection);

    // A relative file is relative to the content root, not to wherever the process was started from.
    private static string AnchorSqliteFile(string connection, string contentRoot)
    {
        var csb = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        if (string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:" || csb.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
            return connection;
        csb.DataSource = Path.GetFullPath(csb.DataSource, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        return csb.ToString();
    }
}

/// <summary>
/// SQLite's defaults suit a phone: a 2 MB page cache and a read() call for every page. A lender's file grows to
/// gigabytes, and the dashboard reads hundreds of thousands of index entries: mapping the file into memory and a
/// 64 MB cache spare it a read() call per page and keep more of those entries in memory (README, Benchmarks: the KPI
/// dashboard).
/// <para>And its default journal suits one writer at a time with no one reading: customers submitting at once waited
/// on each other, and a busy database made Microsoft.Data.Sqlite sleep 150 ms before trying again. Write-ahead logging
/// (switched on for the file where it is migrated) lets pages read while an application is written, and SQLite's own
/// busy wait, set here for each connection, retries within milliseconds: customers submitting at once get more applications
/// through, and the slowest of them wait far less (README, Benchmarks: submitting an application).
/// Durability is unchanged (synchronous stays FULL): an acknowledged write survives a power cut.</para>
/// </summary>
internal sealed class SqliteReading : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteReading Instance = new();
    private const string Pragmas = "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -65536; PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// /health (readiness, for the load balancer) is 200 only while the database answers and has every migration this
/// build expects: an instance of a new release started before the explicit migrate step takes no traffic.
/// </summary>
public sealed class DatabaseHealthCheck(PortalDbContext db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    // Once up to date, a running build stays so: the question is asked until then only.
    private static volatile bool migrated;

    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct))
                return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database cannot be reached.");
            if (!migrated && (await db.Database.GetPendingMigrationsAsync(ct)).Any())
                return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database lacks migrations of this build: run `Portal.Server migrate`.");
            migrated = true;
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
