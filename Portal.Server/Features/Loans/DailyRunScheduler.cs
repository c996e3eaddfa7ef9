using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Infrastructure;

namespace Portal.Server.Features.Loans;

/// <summary>
/// Runs the day's review once the lender's clock passes <see cref="ServicingOptions.DailyRunAt"/>. Instances
/// claim the day by inserting its row, so with several instances behind a load balancer one of them runs it.
/// </summary>
public sealed class DailyRunScheduler(IServiceScopeFactory scopes, LocalCalendar calendar, TimeProvider clock,
    IOptions<ServicingOptions> servicing, ILogger<DailyRunScheduler> log) : PollingService(clock, log)
{
    protected override bool Enabled => servicing.Value.RunDaily;
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);
    protected override string FailureMessage => "The daily run failed; it will be tried again";
    protected override LogLevel FailureLevel => LogLevel.Error;
    protected override Task RunOnceAsync(CancellationToken ct) => RunIfDueAsync(ct);

    /// <summary>Runs today's review if it is time and no instance has claimed it yet. Returns whether it ran.</summary>
    public async Task<bool> RunIfDueAsync(CancellationToken ct)
    {
        var today = calendar.Today;
        var local = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), calendar.Zone);
        if (TimeOnly.FromDateTime(local.DateTime) < servicing.Value.DailyRunAt) return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = Clock.GetUtcNow();
        if (!await DailyRunService.ClaimAsync(db, today, LoanBook.System.Name, now, repeat: false, ct)) return false;
        await scope.ServiceProvider.GetRequiredService<DailyRunService>().ReviewClaimedAsync(today, LoanBook.System, now, ct);
        return true;
    }
}
