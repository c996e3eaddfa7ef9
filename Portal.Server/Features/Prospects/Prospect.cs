using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Shared.Features.Applications;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Prospects;

namespace Portal.Server.Features.Prospects;

/// <summary>
/// A person or small business who may borrow (SPEC 2.9). The phone, email and registration number are also kept
/// as keys (digits only, case-folded, upper-case without spaces), each unique: the same person is one prospect, so
/// nobody is contacted twice. A prospect merged into another stays as a pointer to it, keys cleared.
/// </summary>
public class Prospect
{
    /// <summary>
    /// The row's key, in the order prospects were entered: the screening result lives in a narrow table under the same
    /// number (<see cref="ProspectScreening"/>), so a run over a million rewrites that table in key order, not these wide rows.
    /// </summary>
    public long Number { get; set; }
    /// <summary>How everyone else (addresses, the API, contacts, the audit log) names the prospect.</summary>
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public ApplicantType Kind { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Lower-case name: the list's name order and search, on an index.</summary>
    public string SearchName { get; set; } = "";
    public string? ContactPerson { get; set; }
    public string? Phone { get; set; }
    public string? PhoneKey { get; set; }
    public string? Email { get; set; }
    public string? EmailKey { get; set; }
    public string? RegistrationNumber { get; set; }
    public string? RegistrationKey { get; set; }
    public string? Region { get; set; }
    public Sector? Sector { get; set; }
    public long? MonthlyIncomeMinor { get; set; }
    public long? AnnualRevenueMinor { get; set; }
    public int? YearsTrading { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? ProductInterest { get; set; }
    public string? Notes { get; set; }

    public ProspectSource Source { get; set; }
    /// <summary>The site page it came from ("product:slug", "promotion:slug", "eligibility:slug") or the imported file's name.</summary>
    public string? SourceDetail { get; set; }
    public Guid? ImportId { get; set; }
    public ConsentBasis ConsentBasis { get; set; }
    public DateOnly ConsentOn { get; set; }
    public ContactStop? Stopped { get; set; }
    public string? StopReason { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }

    public ProspectStage Stage { get; set; }
    /// <summary>Made with the prospect (<see cref="Prospect.New"/>); loaded only where asked for (Include).</summary>
    public ProspectScreening Screening { get; set; } = null!;

    public string? OwnerId { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateOnly? NextStepOn { get; set; }
    public string? NextStep { get; set; }
    public DateTimeOffset? LastContactAt { get; set; }

    /// <summary>The customer and application it became (same email or phone).</summary>
    public string? CustomerId { get; set; }
    public Guid? ApplicationId { get; set; }
    public Guid? MergedIntoId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>A new prospect with its reference and an empty screening result beside it.</summary>
    public static Prospect New(DateTimeOffset now) =>
        new() { Id = Guid.NewGuid(), Reference = References.Prospect(), CreatedAt = now, Screening = new ProspectScreening() };

    public static string? PhoneKeyOf(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        if (digits.StartsWith("00", StringComparison.Ordinal)) digits = digits[2..];
        // The country code is written by some and not by others: +86 138… and 138… are one number.
        if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        return digits.Length >= 5 ? digits : null;
    }

    public static string? EmailKeyOf(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    public static string? RegistrationKeyOf(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return null;
        var key = new string([.. number.Where(char.IsAsciiLetterOrDigit)]).ToUpperInvariant();
        return key.Length == 0 ? null : key;
    }

    /// <summary>Sets the contact details and their keys together, so the two never disagree.</summary>
    public void SetContactDetails(string? phone, string? email, string? registrationNumber)
    {
        Phone = Clean(phone);
        PhoneKey = PhoneKeyOf(Phone);
        Email = Clean(email);
        EmailKey = EmailKeyOf(Email);
        RegistrationNumber = Clean(registrationNumber);
        RegistrationKey = RegistrationKeyOf(RegistrationNumber);
    }

    public void SetName(string name)
    {
        Name = name.Trim();
        SearchName = Name.ToLowerInvariant();
    }

    /// <summary>Why nobody may contact the prospect now, or null.</summary>
    public bool ContactStopped => Stopped is not null;

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

internal sealed class ProspectConfiguration : IEntityTypeConfiguration<Prospect>
{
    public void Configure(EntityTypeBuilder<Prospect> b)
    {
        b.ToTable("Prospects");
        b.HasKey(p => p.Number);
        b.HasIndex(p => p.Reference).IsUnique();
        b.Property(p => p.Reference).HasMaxLength(20);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.SearchName).HasMaxLength(100);
        b.Property(p => p.ContactPerson).HasMaxLength(100);
        b.Property(p => p.Phone).HasMaxLength(30);
        b.Property(p => p.PhoneKey).HasMaxLength(30);
        b.Property(p => p.Email).HasMaxLength(254);
        b.Property(p => p.EmailKey).HasMaxLength(254);
        b.Property(p => p.RegistrationNumber).HasMaxLength(30);
        b.Property(p => p.RegistrationKey).HasMaxLength(30);
        b.Property(p => p.Region).HasMaxLength(60);
        b.Property(p => p.Sector).HasConversion<string>().HasMaxLength(24);
        b.Property(p => p.ProductInterest).HasMaxLength(80);
        b.Property(p => p.Notes).HasMaxLength(1000);
        b.Property(p => p.Source).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.SourceDetail).HasMaxLength(200);
        b.Property(p => p.ConsentBasis).HasConversion<string>().HasMaxLength(24);
        b.Property(p => p.Stopped).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.StopReason).HasMaxLength(500);
        b.Property(p => p.Stage).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.OwnerId).HasMaxLength(450);
        b.Property(p => p.NextStep).HasMaxLength(200);
        b.Property(p => p.CustomerId).HasMaxLength(450);
        b.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        // The same person is one prospect (merged ones have their keys cleared).
        b.HasIndex(p => p.PhoneKey).IsUnique();
        b.HasIndex(p => p.EmailKey).IsUnique();
        b.HasIndex(p => p.RegistrationKey).IsUnique();
        // The list's orders and filters, each ending in the number for keyset paging (newest first is the key itself);
        // Today's follow-ups by owner.
        b.HasIndex(p => new { p.SearchName, p.Number });
        b.HasIndex(p => new { p.OwnerId, p.NextStepOn, p.Number });
        b.HasIndex(p => new { p.OwnerId, p.Number });
        b.HasIndex(p => new { p.Region, p.Number });
        b.HasIndex(p => p.ImportId);
        b.HasIndex(p => p.CustomerId);
    }
}
