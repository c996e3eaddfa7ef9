using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;

namespace Portal.Server.Features.Documents;

/// <summary>A stored file's bytes in the database (<c>Documents:Store = Database</c>).</summary>
public class StoredFile
{
    public string Name { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTimeOffset StoredAt { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> b)
    {
        b.ToTable("StoredFiles");
        b.HasKey(f => f.Name);
        b.Property(f => f.Name).HasMaxLength(32);
    }
}
