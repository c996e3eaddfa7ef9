using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Server.Tests.Infrastructure;

/// <summary>A real SMTP server on a local port, started and stopped by the test; it keeps what it receives.</summary>
public sealed class TestSmtp : IAsyncDisposable
{
    private sealed class Store(TestSmtp owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            lock (owner.received) owner.received.Add(MimeMessage.Load(stream));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private readonly List<MimeMessage> received = [];
    private CancellationTokenSource? stop;
    private Task? running;

    public int Port { get; } = FreePort();

    public IReadOnlyList<MimeMessage> Received
    {
        get { lock (received) return [.. received]; }
    }

    public void Start()
    {
        if (stop is not null) return;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        stop = new CancellationTokenSource();
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public async Task StopAsync()
    {
        if (stop is null) return;
        await stop.CancelAsync();
        try { await running!; } catch (OperationCanceledException) { }
        stop.Dispose();
        stop = null;
    }

    /// <summary>A port nothing listens on (yet).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
