using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;

namespace Portal.Server.Features.Promotions;

/// <summary>A person's choice about marketing email, wherever they make it (their preferences, an application, an unsubscribe link).</summary>
public sealed class MarketingConsent(PortalDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>Changes the person's choice and records the change with its time and source (nothing when it is unchanged).</summary>
    public async Task SetAsync(string userId, bool optIn, string source, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var u = await db.Users.FirstAsync(x => x.Id == userId, ct);
        if (u.MarketingOptIn == optIn && u.MarketingChangedAt is not null) return;
        u.MarketingOptIn = optIn;
        u.MarketingChangedAt = now;
        db.Add(new MarketingConsentChange { UserId = userId, OptIn = optIn, At = now, Source = source });
    }

    /// <summary>The signed unsubscribe link's key: it names one person and cannot be forged or pointed at another.</summary>
    public IDataProtector UnsubscribeLinks => protection.CreateProtector("Portal.Promotions.Unsubscribe");
}
