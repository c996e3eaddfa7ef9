using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Server.Features.Loans;

/// <summary>One day's review of the loan book. The date is the key: the hosted run claims a day by inserting it.</summary>
public class DailyRun
{
    public DateOnly Date { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>While unfinished, the run that claimed the day holds it until then; after, another instance may take it over.</summary>
    public DateTimeOffset? HeldUntil { get; set; }
    public int Runs { get; set; }
    public int LoansReviewed { get; set; }
    public int Overdue { get; set; }
    public int NewlyOverdue { get; set; }
    public int RemindersSent { get; set; }
    public long ArrearsMinor { get; set; }
    public string RunBy { get; set; } = "";
}

internal sealed class DailyRunConfiguration : IEntityTypeConfiguration<DailyRun>
{
    public void Configure(EntityTypeBuilder<DailyRun> b)
    {
        b.HasKey(r => r.Date);
        b.Property(r => r.RunBy).HasMaxLength(256);
    }
}
