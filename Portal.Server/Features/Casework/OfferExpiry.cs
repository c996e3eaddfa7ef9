using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;

namespace Portal.Server.Features.Casework;

/// <summary>
/// Offers not accepted and signed in time expire (the state machine's system transition): the
/// customer is told, and the case leaves the open queue. Runs every few minutes; running it twice
/// changes nothing.
/// </summary>
public sealed class OfferExpiry(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CaseworkOptions> options, ILogger<OfferExpiry> log)
    : PollingService(clock, log)
{
    private static readonly (string Id, string Name) System = ("system", "Portal");

    protected override bool Enabled => options.Value.ExpireInBackground;
    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.ExpiryCheckMinutes);
    protected override string FailureMessage => "Offers could not be expired now; trying again later.";
    protected override Task RunOnceAsync(CancellationToken ct) => ExpireDueAsync(Clock.GetUtcNow(), ct);

    /// <summary>Expires every offer past its date as of <paramref name="asOf"/>; returns how many.</summary>
    public async Task<int> ExpireDueAsync(DateTimeOffset asOf, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var due = await db.Applications
            .Where(a => (a.State == ApplicationState.Approved || a.State == ApplicationState.OfferAccepted) && a.OfferExpiresAt < asOf)
            .OrderBy(a => a.OfferExpiresAt).Select(a => a.Id).Take(500).ToListAsync(ct);
        var expired = 0;
        foreach (var id in due)
        {
            // One at a time: a customer signing this very moment holds up their own case only.
            db.ChangeTracker.Clear();
            var a = await db.Applications.SingleAsync(x => x.Id == id, ct);
            if (ApplicationWorkflow.Find(a.State, ApplicationAction.Expire) is not { } expire) continue;
            db.Move(a, expire, System, asOf);
            a.UpdatedAt = asOf;
            a.ConcurrencyStamp = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(ct);
                expired++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed meanwhile: the next run looks at it again.
            }
        }
        return expired;
    }
}
