using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Tests.Shared;

/// <summary>
/// The real Portal.Server as a child process — its own build output of the tests' configuration, on a loopback port
/// of its own, configured through the environment as an operator would — with its output kept for a failure's message.
/// (Linked into the browser tests and the integration tests.)
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder output = new();
    private readonly Process process;

    public Uri BaseUrl { get; }
    public string Name { get; }

    public string Output { get { lock (output) return output.ToString(); } }

    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    private PortalProcess(string name, Uri baseUrl, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        Name = name;
        BaseUrl = baseUrl;
        var (projectDir, dll) = LocateServer();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = projectDir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_URLS"] = baseUrl.GetLeftPart(UriPartial.Authority);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("[stderr] " + e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"Could not start `dotnet {dll}`.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts an instance and returns once its /health answers 200.</summary>
    public static async Task<PortalProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var instance = new PortalProcess(name, new Uri($"http://127.0.0.1:{FreePort()}/"), environment, []);
        try
        {
            await instance.WaitHealthyAsync();
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command of the server (such as <c>migrate</c>) to its end; throws with its output unless it succeeds.</summary>
    public static async Task RunAsync(string command, IReadOnlyDictionary<string, string> environment)
    {
        await using var run = new PortalProcess(command, new Uri($"http://127.0.0.1:{FreePort()}/"), environment, [command]);
        await run.process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (run.process.ExitCode != 0)
            throw new InvalidOperationException($"`Portal.Server {command}` exited with code {run.process.ExitCode}.\n--- output ---\n{run.Output}");
    }

    /// <summary>Runs a command with its arguments (such as <c>create-admin --email …</c>) to its end; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunForOutputAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var run = new PortalProcess(args[0], new Uri($"http://127.0.0.1:{FreePort()}/"), environment, args);
        await run.process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        // The exit is seen before the last lines of output are read: wait for the streams' end too.
        run.process.WaitForExit();
        return (run.process.ExitCode, run.Output);
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Portal.Server ({Name}) exited with code {process.ExitCode} before answering /health.\n--- output ---\n{Output}");
            try
            {
                using var response = await http.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Portal.Server ({Name}) did not answer GET /health with 200 within {StartTimeout.TotalSeconds:0} s (last: {last}).\n--- output ---\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        process.Dispose();
    }

    /// <summary>The repo root (holding Portal.sln) above the test assembly, and the server build of the same configuration.</summary>
    public static (string ProjectDir, string Dll) LocateServer()
    {
        var here = AppContext.BaseDirectory; // .../tests/<project>/bin/<Configuration>/net10.0/
        var tfmDir = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDir.Parent?.Name ?? "Debug";
        var tfm = tfmDir.Name;

        var dir = tfmDir;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"No Portal.sln found above {here}.");

        var projectDir = Path.Combine(dir.FullName, "Portal.Server");
        var dll = Path.Combine(projectDir, "bin", configuration, tfm, "Portal.Server.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"Portal.Server is not built at {dll}: build the solution (or this test project) in {configuration} first.");
        return (projectDir, dll);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
