using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Portal.Server.Tests.Infrastructure;

/// <summary>
/// A clamd of the tests' own (Debian's <c>clamav-daemon</c>), on a Unix socket and a loopback port in a temporary folder,
/// with a signature database that holds only the EICAR test string: there is no network here for freshclam, and the
/// machine's own clamd (if any) is never touched.
/// </summary>
public sealed class TestClamd : IAsyncDisposable
{
    public const string Program = "/usr/sbin/clamd";

    /// <summary>What our one signature is called; clamd adds ".UNOFFICIAL" to signatures that are not ClamAV's own.</summary>
    public const string SignatureName = "Portal-Test.EICAR";

    /// <summary>
    /// The industry's harmless test "virus" (68 bytes). Put together at run time so this source file and the test
    /// assembly do not themselves hold it for a developer's antivirus to quarantine.
    /// </summary>
    public static readonly byte[] Eicar = Encoding.ASCII.GetBytes(string.Concat(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"));

    private readonly string folder = Directory.CreateTempSubdirectory("portal-clamd-").FullName;
    private Process? process;

    public string Socket => Path.Combine(folder, "clamd.sock");
    public int Port { get; } = Portal.Tests.Shared.PortalProcess.FreePort();

    /// <summary>clamd's own log, for a failure's message.</summary>
    public string Log => File.Exists(Path.Combine(folder, "clamd.log")) ? File.ReadAllText(Path.Combine(folder, "clamd.log")) : "";

    /// <summary>Starts clamd and waits until it answers PING (it loads its database first).</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(Program))
            throw new InvalidOperationException(
                $"ClamAV's daemon ({Program}) was not found: the document scanning tests start a clamd of their own. " +
                "Run `apt-get install clamav-daemon` (as root); no virus definitions are needed.");
        // A body signature (.ndb: name, any file type, any offset, hex): it matches the string anywhere in a file, inside a PDF too.
        await File.WriteAllTextAsync(Path.Combine(folder, "portal-test.ndb"), $"{SignatureName}:0:*:{Convert.ToHexStringLower(Eicar)}\n");
        var conf = Path.Combine(folder, "clamd.conf");
        await File.WriteAllTextAsync(conf, $"""
            LocalSocket {Socket}
            TCPSocket {Port}
            TCPAddr 127.0.0.1
            DatabaseDirectory {folder}
            LogFile {Path.Combine(folder, "clamd.log")}
            PidFile {Path.Combine(folder, "clamd.pid")}
            Foreground yes
            SelfCheck 0
            StreamMaxLength 4M

            """);
        var start = new ProcessStartInfo(Program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(conf);
        process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!await AnswersPingAsync())
        {
            if (process.HasExited)
                throw new InvalidOperationException($"clamd stopped at start ({process.ExitCode}): {await stderr}{Log}");
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"clamd did not answer PING within two minutes: {Log}");
            await Task.Delay(100);
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        if (!File.Exists(Socket)) return false;
        try
        {
            using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
            await socket.SendAsync("zPING\0"u8.ToArray());
            var reply = new byte[16];
            var read = await socket.ReceiveAsync(reply).WaitAsync(TimeSpan.FromSeconds(10));
            return Encoding.ASCII.GetString(reply, 0, read).TrimEnd('\0') == "PONG";
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
