using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Shared.Features.Prospects;

namespace Portal.Server.Features.Prospects;

/// <summary>
/// A prospect's screening result, apart from its details under the same key: a run rewrites these narrow rows in key
/// order (seconds for a million) where rewriting the wide prospect rows took half a minute (README, prospects benchmark).
/// </summary>
public class ProspectScreening
{
    public long Number { get; set; }
    public Prospect Prospect { get; set; } = null!;
    public ScreeningResult Result { get; set; }
    /// <summary>The criterion failed (not now), or why nobody may contact them (excluded).</summary>
    public ScreeningReason Reason { get; set; }
    public int? CriteriaId { get; set; }
    public DateTimeOffset? At { get; set; }
}

internal sealed class ProspectScreeningConfiguration : IEntityTypeConfiguration<ProspectScreening>
{
    public void Configure(EntityTypeBuilder<ProspectScreening> b)
    {
        b.ToTable("ProspectScreenings");
        b.HasKey(s => s.Number);
        b.Property(s => s.Number).ValueGeneratedNever();
        b.HasOne(s => s.Prospect).WithOne(p => p.Screening).HasForeignKey<ProspectScreening>(s => s.Number).OnDelete(DeleteBehavior.Cascade);
        // As numbers, unlike the other tables' enums: the run computes them in SQL (a CASE of the enum's values), and
        // numbers keep these rows as narrow as they are meant to be.
    }
}
