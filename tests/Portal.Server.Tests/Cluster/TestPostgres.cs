using System.Diagnostics;
using Npgsql;

namespace Portal.Server.Tests.Cluster;

/// <summary>
/// A throwaway PostgreSQL cluster of the tests' own (initdb into a temporary folder, a free loopback port), which a test
/// may stop and start again. Run as the postgres user when the tests run as root, as initdb requires.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string data;
    private readonly bool asPostgresUser = Environment.UserName == "root";

    public int Port { get; } = Portal.Tests.Shared.PortalProcess.FreePort();

    public string ConnectionString(string database = "portal") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    private TestPostgres(string bin, string data)
    {
        this.bin = bin;
        this.data = data;
    }

    public static async Task<TestPostgres> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found: the tests of several instances start a throwaway cluster of their own. " +
            "Run `apt-get install postgresql` (as root), or put the folder holding initdb on PATH.");
        var data = Directory.CreateTempSubdirectory("portal-pg-").FullName;
        var pg = new TestPostgres(bin, data);
        if (pg.asPostgresUser) await Run("chown", ["postgres", data]);
        await pg.Pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
        await pg.StartAgainAsync();
        return pg;
    }

    /// <summary>Starts the cluster (again, after <see cref="StopAsync"/>) and waits until it accepts connections.</summary>
    public Task StartAgainAsync() =>
        Pg("pg_ctl", ["-D", data, "-o", $"-h 127.0.0.1 -p {Port} -k {data} -c fsync=off -c max_connections=300", "-l", Path.Combine(data, "log"), "-w", "start"]);

    /// <summary>The server's own log, for a failure's message.</summary>
    public string Log => File.Exists(Path.Combine(data, "log")) ? File.ReadAllText(Path.Combine(data, "log")) : "";

    /// <summary>Stops it at once, as a crash or a failover would: open connections are cut.</summary>
    public Task StopAsync() => Pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);

    private Task Pg(string program, string[] args) =>
        asPostgresUser ? Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, program), .. args]) : Run(Path.Combine(bin, program), args);

    private static async Task Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` failed ({p.ExitCode}): {await stdout}{await stderr}");
    }

    /// <summary>Debian's versioned folder (the newest), else wherever PATH has initdb.</summary>
    private static string? FindBin() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order().LastOrDefault(Has) : null)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(Has);

    private static bool Has(string folder) => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await StopAsync(); } catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
