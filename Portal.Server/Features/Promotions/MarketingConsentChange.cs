using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Server.Features.Promotions;

/// <summary>Every opt-in and opt-out of marketing email, with when and how (the consent's record).</summary>
public class MarketingConsentChange
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public bool OptIn { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>"application", "preferences" or "unsubscribe-link".</summary>
    public string Source { get; set; } = "";
}

internal sealed class MarketingConsentChangeConfiguration : IEntityTypeConfiguration<MarketingConsentChange>
{
    public void Configure(EntityTypeBuilder<MarketingConsentChange> b)
    {
        b.HasIndex(c => new { c.UserId, c.At });
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.Source).HasMaxLength(20);
    }
}
