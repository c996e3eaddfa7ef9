using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Prospects;

namespace Portal.Server.Features.Prospects;

/// <summary>Named screening criteria: what a target looks like (<see cref="ScreeningCriteriaEdit"/>).</summary>
public class ScreeningCriteria
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public ApplicantType? Kind { get; set; }
    public List<string> Regions { get; set; } = [];
    public List<Sector> SectorsIn { get; set; } = [];
    public List<Sector> SectorsOut { get; set; } = [];
    public long? MinMonthlyIncomeMinor { get; set; }
    public long? MaxMonthlyIncomeMinor { get; set; }
    public long? MinAnnualRevenueMinor { get; set; }
    public long? MaxAnnualRevenueMinor { get; set; }
    public int? MinYearsTrading { get; set; }
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public List<string> Products { get; set; } = [];
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

internal sealed class ScreeningCriteriaConfiguration : IEntityTypeConfiguration<ScreeningCriteria>
{
    public void Configure(EntityTypeBuilder<ScreeningCriteria> b)
    {
        b.ToTable("ScreeningCriteria");
        b.HasIndex(c => c.Name).IsUnique();
        b.Property(c => c.Name).HasMaxLength(80);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(c => c.UpdatedBy).HasMaxLength(256);
        b.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
    }
}
