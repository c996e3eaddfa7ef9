using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Security;

namespace Portal.Server.Features.Feedback;

/// <summary>A customer's rating of the service at one stage of one application (at most one per stage).</summary>
public class ServiceRating
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public string CustomerId { get; set; } = "";
    public RatingStage Stage { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class ServiceRatingConfiguration : IEntityTypeConfiguration<ServiceRating>
{
    public void Configure(EntityTypeBuilder<ServiceRating> b)
    {
        b.HasOne<LoanApplication>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        // Once per stage, even if the form is sent twice at once.
        b.HasIndex(r => new { r.ApplicationId, r.Stage }).IsUnique();
        b.Property(r => r.CustomerId).HasMaxLength(450);
        b.Property(r => r.Stage).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.Comment).HasMaxLength(1000);
        // The dashboard's average satisfaction by period.
        b.HasIndex(r => r.At);
    }
}
