using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

/// <summary>
/// Rows for the seeded benchmarks, given as .NET values and written the way each database takes them fastest, stored as
/// EF stores them: on SQLite one prepared INSERT per table in one transaction per flush (times as EF's binary numbers,
/// GUIDs as upper-case text, dates and decimals as text); on PostgreSQL COPY in text form.
/// </summary>
public sealed class BulkRows(DbConnection connection) : IAsyncDisposable
{
    private static readonly DateTimeOffsetToBinaryConverter Time = new();
    private readonly List<(string Table, string[] Columns, List<object?[]> Rows)> tables = [];

    /// <summary>
    /// Seeds the benchmark server's database through <paramref name="seed"/>, unless it already holds that many
    /// applications: a file or database kept from an earlier run (PORTAL_BENCH_DB) is used as it is.
    /// </summary>
    public static async Task SeedUnlessKeptAsync(WebApplication app, int applications, string what, Func<BulkRows, Task> seed)
    {
        using (var scope = app.Services.CreateScope())
            if (await scope.ServiceProvider.GetRequiredService<Portal.Server.Data.PortalDbContext>().Applications.CountAsync() >= applications) return;
        Console.WriteLine($"Seeding {what} ({app.Configuration["Database:Provider"]}) …");
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        await using var bulk = await OpenAsync(app);
        await seed(bulk);
        Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:N0} s.");
    }

    /// <summary>A connection of its own to the benchmark server's database (SQLite: without waiting for the disk).</summary>
    public static async Task<BulkRows> OpenAsync(WebApplication app)
    {
        var connectionString = app.Configuration.GetConnectionString("Portal");
        var postgres = app.Configuration["Database:Provider"] == "Postgres";
        DbConnection connection = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        if (!postgres)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        return new BulkRows(connection);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    /// <summary>A table to fill; call what it returns with one value per column, in the order given.</summary>
    public Action<object?[]> Table(string table, string columns)
    {
        var rows = new List<object?[]>();
        tables.Add((table, columns.Split(", "), rows));
        return values => rows.Add(values);
    }

    /// <summary>Writes what was added since the last flush, table by table (tables in the order they were asked for).</summary>
    public async Task FlushAsync()
    {
        if (connection is NpgsqlConnection postgres)
        {
            foreach (var (table, columns, rows) in tables)
            {
                if (rows.Count == 0) continue;
                await using (var copy = await postgres.BeginTextImportAsync($"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN"))
                    foreach (var row in rows) await copy.WriteLineAsync(string.Join('\t', row.Select(PostgresText)));
                rows.Clear();
                // Without statistics the table looks empty, and the foreign-key check of the next table's rows scans it
                // whole for each row (the dashboard's seed slowed to 50,000 applications a minute and a half).
                await using var analyze = new NpgsqlCommand($"ANALYZE \"{table}\"", postgres);
                await analyze.ExecuteNonQueryAsync();
            }
            return;
        }

        var sqlite = (SqliteConnection)connection;
        using var tx = sqlite.BeginTransaction();
        foreach (var (table, columns, rows) in tables)
        {
            using var insert = sqlite.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            foreach (var row in rows)
            {
                for (var i = 0; i < parameters.Length; i++) parameters[i].Value = SqliteValue(row[i]);
                insert.ExecuteNonQuery();
            }
            rows.Clear();
        }
        tx.Commit();
    }

    /// <summary>
    /// Statistics for the planner, as the portal gathers them after migrating; on PostgreSQL also the visibility map that
    /// autovacuum keeps on a running system, without which no index can answer a query alone.
    /// </summary>
    public async Task AnalyzeAsync()
    {
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = connection is NpgsqlConnection ? "VACUUM ANALYZE" : "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    private static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => Time.ConvertToProvider(t)!,
        Guid g => g.ToString().ToUpperInvariant(),
        bool b => b ? 1 : 0,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string PostgresText(object? value) => value switch
    {
        null => "\\N",
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture),
        bool b => b ? "t" : "f",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r"),
    };
}
