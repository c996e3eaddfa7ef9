using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Features.Applications;
using Portal.Shared.Features.Documents;

namespace Portal.Server.Features.Documents;

/// <summary>A file uploaded for an application. The bytes live in the document store under <see cref="StorageName"/>.</summary>
public class ApplicationDocument
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>The name the customer's file had, for display only (never used as a path).</summary>
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    /// <summary>Random, unrelated to anything the customer sent.</summary>
    public string StorageName { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedById { get; set; } = "";
    public DocumentStatus Status { get; set; }
    public string? RejectionReason { get; set; }
    public string? ReviewedById { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
}

internal sealed class ApplicationDocumentConfiguration : IEntityTypeConfiguration<ApplicationDocument>
{
    public void Configure(EntityTypeBuilder<ApplicationDocument> b)
    {
        b.ToTable("Documents");
        b.HasOne<LoanApplication>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => new { d.ApplicationId, d.Kind });
        b.Property(d => d.Kind).HasMaxLength(120);
        b.Property(d => d.FileName).HasMaxLength(120);
        b.Property(d => d.ContentType).HasMaxLength(40);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.Property(d => d.StorageName).HasMaxLength(64);
        b.HasIndex(d => d.StorageName).IsUnique();
        b.Property(d => d.UploadedById).HasMaxLength(450);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(d => d.RejectionReason).HasMaxLength(500);
        b.Property(d => d.ReviewedById).HasMaxLength(450);
    }
}
