using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Shared.Features.Applications;

namespace Portal.Server.Features.Casework;

/// <summary>
/// Offers not accepted and signed in time expire (the state machine's system transition): the
/// customer is told, and the case leaves the open queue. Runs every few minutes; running it twice
/// changes nothing.
/// </summary>
public sealed class OfferExpiry(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CaseworkOptions> options, ILogger<OfferExpiry> log)
    : BackgroundService
{
    private static readonly (string Id, string Name) System = ("system", "Portal");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ExpireDueAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Offers could not be expired now; trying again later.");
            }
            await Task.Delay(TimeSpan.FromMinutes(options.Value.ExpiryCheckMinutes), stoppingToken);
        }
    }

    /// <summary>Expires every offer past its date as of <paramref name="asOf"/>; returns how many.</summary>
    public async Task<int> ExpireDueAsync(DateTimeOffset asOf, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var due = await db.Applications
            .Where(a => (a.State == ApplicationState.Approved || a.State == ApplicationState.OfferAccepted) && a.OfferExpiresAt < asOf)
            .OrderBy(a => a.OfferExpiresAt).Take(500).ToListAsync(ct);
        foreach (var a in due)
        {
            db.Move(a, ApplicationWorkflow.Find(a.State, ApplicationAction.Expire)!, System, asOf);
            a.UpdatedAt = asOf;
            a.ConcurrencyStamp = Guid.NewGuid();
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A customer accepted or signed at this very moment: the next run looks again.
            return 0;
        }
        return due.Count;
    }
}
