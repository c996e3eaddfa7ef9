using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Portal.Server.Infrastructure;
using Portal.Shared.Resources;

namespace Portal.Server.Features.Documents;

/// <summary>What a scan found: nothing, or the scanner's name for what the file matched.</summary>
public sealed record ScanResult(string? Threat)
{
    public static readonly ScanResult Clean = new((string?)null);
    public bool IsClean => Threat is null;
}

/// <summary>
/// Checks an upload before it is stored, so staff never open a file the scanner flagged. A scanner that cannot give an
/// answer throws <see cref="UnavailableException"/>: the upload is refused, never kept unscanned.
/// </summary>
public interface IDocumentScanner
{
    Task<ScanResult> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken ct);
}

/// <summary><c>Documents:Scanner = None</c> (default): no scanner is installed; content and size checks still apply.</summary>
public sealed class PassThroughScanner : IDocumentScanner
{
    public Task<ScanResult> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken ct) => Task.FromResult(ScanResult.Clean);
}

/// <summary>
/// <c>Documents:Scanner = ClamAV</c>: sends the bytes to clamd with its INSTREAM command (the file never touches a disk
/// clamd can see, so clamd needs no access to ours) and reads its one-line verdict.
/// </summary>
public sealed class ClamAvScanner(IOptions<DocumentOptions> options, ILogger<ClamAvScanner> log) : IDocumentScanner
{
    // Well under clamd's StreamMaxLength (25 MB by default); an upload is at most 10 MB anyway.
    private const int ChunkBytes = 64 * 1024;

    private ClamAvOptions Options => options.Value.ClamAV;

    private string Where => Options.Host is { Length: > 0 } host ? $"{host}:{Options.Port}" : Options.Socket;

    public async Task<ScanResult> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        string reply;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.TimeoutSeconds));
        try
        {
            reply = await InstreamAsync(content, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogError("clamd at {Where} could not be reached or did not answer; the upload is refused: {Reason}", Where, e.Message);
            throw new UnavailableException(SharedText.DocScanUnavailable);
        }

        // "stream: OK", "stream: <signature> FOUND" or "<reason> ERROR".
        if (reply == "stream: OK") return ScanResult.Clean;
        if (reply.StartsWith("stream: ", StringComparison.Ordinal) && reply.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var threat = reply["stream: ".Length..^" FOUND".Length];
            log.LogWarning("clamd found {Threat} in an upload of {Size} bytes; it was refused", threat, content.Length);
            return new ScanResult(threat);
        }
        log.LogError("clamd at {Where} could not scan an upload of {Size} bytes; it is refused: {Reply}", Where, content.Length, reply);
        throw new UnavailableException(SharedText.DocScanUnavailable);
    }

    private async Task<string> InstreamAsync(ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        using var socket = await ConnectAsync(ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        // "z": commands and replies end with a NUL rather than a newline.
        await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), ct);
        var length = new byte[4];
        for (var at = 0; at < content.Length; at += ChunkBytes)
        {
            var chunk = content.Slice(at, Math.Min(ChunkBytes, content.Length - at));
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)chunk.Length);
            await stream.WriteAsync(length, ct);
            await stream.WriteAsync(chunk, ct);
        }
        // A zero-length chunk ends the stream.
        BinaryPrimitives.WriteUInt32BigEndian(length, 0);
        await stream.WriteAsync(length, ct);
        return await ReadReplyAsync(stream, ct);
    }

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        var tcp = Options.Host is { Length: > 0 };
        var socket = tcp ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (tcp) await socket.ConnectAsync(Options.Host!, Options.Port, ct);
            else await socket.ConnectAsync(new UnixDomainSocketEndPoint(Options.Socket), ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Up to the closing NUL (or the end of the connection); clamd's replies are one short line.</summary>
    private static async Task<string> ReadReplyAsync(Stream stream, CancellationToken ct)
    {
        var reply = new MemoryStream();
        var buffer = new byte[256];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            var end = Array.IndexOf(buffer, (byte)0, 0, read);
            reply.Write(buffer, 0, end < 0 ? read : end);
            if (end >= 0) break;
            if (reply.Length > 4096) throw new IOException("clamd's reply is too long to be one.");
        }
        return Encoding.UTF8.GetString(reply.ToArray()).Trim();
    }
}
