using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Catalog;
using Portal.Shared.Features.Messages;

namespace Portal.Server.Features.Messages;

/// <summary>
/// One message. A thread is either an application's (<see cref="ApplicationId"/>) or a customer's
/// questions about a product (<see cref="ProductId"/>); <see cref="CustomerId"/> is always the customer
/// the thread belongs to, so every customer query filters on it.
/// </summary>
public class Message
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public Guid? ApplicationId { get; set; }
    public int? ProductId { get; set; }
    public string SenderId { get; set; } = "";
    public bool FromStaff { get; set; }
    public string Text { get; set; } = "";
    public DateTimeOffset At { get; set; }
    /// <summary>When the other side opened it.</summary>
    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b)
    {
        b.Property(m => m.CustomerId).HasMaxLength(450);
        b.Property(m => m.SenderId).HasMaxLength(450);
        b.Property(m => m.Text).HasMaxLength(4000);
        b.HasOne<LoanApplication>().WithMany().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.ApplicationId, m.At });
        // The dashboard's first-response times of a period, covered.
        b.HasIndex(m => new { m.At, m.CustomerId, m.ApplicationId, m.ProductId, m.FromStaff }).HasDatabaseName("IX_Message_Dashboard");
        b.HasIndex(m => new { m.CustomerId, m.ProductId, m.At });
        // Unread counts: messages not yet opened, by thread owner.
        b.HasIndex(m => new { m.CustomerId, m.FromStaff, m.ReadAt });
    }
}
