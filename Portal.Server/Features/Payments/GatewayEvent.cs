using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Server.Features.Payments;

/// <summary>A gateway event already handled: its id is the key, so a resent event is recognised and ignored.</summary>
public class GatewayEvent
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public Guid? PaymentId { get; set; }
}

internal sealed class GatewayEventConfiguration : IEntityTypeConfiguration<GatewayEvent>
{
    public void Configure(EntityTypeBuilder<GatewayEvent> b)
    {
        b.Property(e => e.Id).HasMaxLength(255);
        b.Property(e => e.Type).HasMaxLength(100);
    }
}
