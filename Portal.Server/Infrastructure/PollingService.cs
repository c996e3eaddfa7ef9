namespace Portal.Server.Infrastructure;

/// <summary>
/// Work that runs in the background: one pass at start, then one each <see cref="Interval"/> on the portal's clock, for as
/// long as the app runs. A pass that fails is logged and the next one comes as usual, so a database away for a moment
/// stops nothing for good. The timer runs on the injected <see cref="TimeProvider"/>, like every other clock read.
/// </summary>
public abstract class PollingService(TimeProvider clock, ILogger log) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;
    protected ILogger Log { get; } = log;

    /// <summary>Off where the caller runs the passes itself (the integration tests).</summary>
    protected virtual bool Enabled => true;

    protected abstract TimeSpan Interval { get; }

    /// <summary>What is logged, with the exception, when a pass fails.</summary>
    protected abstract string FailureMessage { get; }

    protected virtual LogLevel FailureLevel => LogLevel.Warning;

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        using var timer = new PeriodicTimer(Interval, Clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Log(FailureLevel, e, FailureMessage);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
