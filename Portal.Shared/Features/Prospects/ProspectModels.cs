using System.ComponentModel.DataAnnotations;
using Portal.Shared.Features.Applications;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Prospects;

/// <summary>Where a prospect came from (SPEC 2.9).</summary>
public enum ProspectSource { Website, Manager, Import }

/// <summary>Why the lender may contact the prospect: recorded with the date, for every prospect and every imported file.</summary>
public enum ConsentBasis { AskedToBeContacted, GaveDetailsInPerson, Referral, ExistingRelationship, PublicBusinessRecord }

/// <summary>How far contact has gone. Applied and paid out come from the linked application and loan.</summary>
public enum ProspectStage { New, Contacted, Interested, Applied, PaidOut }

public enum ScreeningResult { Unscreened, Target, NotNow, Excluded }

/// <summary>The criterion a prospect failed (not now) or why it may not be contacted at all (excluded).</summary>
public enum ScreeningReason
{
    None, Region, Sector, Income, Revenue, YearsTrading, Age, ProductInterest,
    DoNotContact, ConsentWithdrawn, OpenApplication,
}

/// <summary>A prospect's line of business; each has the risk band the application's scorecard asks for.</summary>
public enum Sector { Retail, Catering, Hospitality, Manufacturing, Construction, Transport, Agriculture, Wholesale, ProfessionalServices, Healthcare, Technology, Other }

public enum ProspectChannel { Call, Email, Visit, Meeting, Message, Website }

public enum ProspectOutcome { Reached, NoAnswer, Interested, NotInterested, ApplyLater, DoNotContact, AskedToBeContacted }

/// <summary>What stops every contact with a prospect.</summary>
public enum ContactStop { DoNotContact, ConsentWithdrawn }

public static class Sectors
{
    public static IndustryRisk RiskOf(Sector sector) => sector switch
    {
        Sector.Hospitality or Sector.Catering or Sector.Construction or Sector.Agriculture => IndustryRisk.High,
        Sector.ProfessionalServices or Sector.Healthcare => IndustryRisk.Low,
        _ => IndustryRisk.Medium,
    };
}

/// <summary>
/// A visitor's "ask a customer manager to contact me": anonymous, so everything is checked and nothing is trusted.
/// <see cref="Website"/> is a field people never see: a bot that fills it in is thanked and ignored.
/// </summary>
public sealed class ContactMeRequest : IValidatableObject
{
    public ApplicantType Kind { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(100, MinimumLength = 2, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Name { get; set; } = "";

    [StringLength(30, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    [Phone(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValPhone))]
    public string? Phone { get; set; }

    [StringLength(254, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    [EmailAddress(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValEmail))]
    public string? Email { get; set; }

    [StringLength(60, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Region { get; set; }

    [StringLength(500, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Message { get; set; }

    /// <summary>The product page or promotion it was sent from (slugs).</summary>
    [StringLength(80)] public string? Product { get; set; }
    [StringLength(80)] public string? Promotion { get; set; }

    /// <summary>The eligibility check's answers, sent only when the visitor ticks the box that says so.</summary>
    public EligibilityAnswers? Eligibility { get; set; }

    [Range(typeof(bool), "true", "true", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ProspectConsentRequired))]
    public bool Consent { get; set; }

    /// <summary>The honeypot (hidden from people and from screen readers).</summary>
    public string? Website { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Phone) && string.IsNullOrWhiteSpace(Email))
            yield return new ValidationResult(SharedText.ProspectPhoneOrEmail, [nameof(Phone), nameof(Email)]);
    }
}

/// <summary>What the eligibility check asked, carried to the customer manager with the visitor's consent.</summary>
public sealed record EligibilityAnswers(
    [property: Range(18, 100)] int? Age,
    [property: Range(typeof(decimal), "0", "100000000")] decimal? MonthlyIncome,
    [property: Range(0, 80)] int? Years,
    [property: Range(typeof(decimal), "0", "100000000")] decimal? Amount,
    [property: Range(1, 600)] int? Months);

/// <summary>A prospect as a customer manager enters or corrects it.</summary>
public sealed class ProspectEdit : IValidatableObject
{
    public ApplicantType Kind { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(100, MinimumLength = 2, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Name { get; set; } = "";

    /// <summary>For a business: the person to ask for.</summary>
    [StringLength(100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? ContactPerson { get; set; }

    [StringLength(30, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    [Phone(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValPhone))]
    public string? Phone { get; set; }

    [StringLength(254, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    [EmailAddress(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValEmail))]
    public string? Email { get; set; }

    /// <summary>A business's registration number (e.g. a unified social credit code).</summary>
    [StringLength(30, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? RegistrationNumber { get; set; }

    [StringLength(60, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Region { get; set; }

    public Sector? Sector { get; set; }

    [Range(typeof(decimal), "0", "100000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MonthlyIncome { get; set; }

    [Range(typeof(decimal), "0", "10000000000", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? AnnualRevenue { get; set; }

    [Range(0, 100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? YearsTrading { get; set; }

    public DateOnly? BirthDate { get; set; }

    /// <summary>The product they asked about (its slug).</summary>
    [StringLength(80)] public string? ProductInterest { get; set; }

    public ConsentBasis ConsentBasis { get; set; }
    public DateOnly? ConsentOn { get; set; }

    [StringLength(1000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Notes { get; set; }

    /// <summary>When correcting: the stamp of the prospect as it was read.</summary>
    public Guid ConcurrencyStamp { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Phone) && string.IsNullOrWhiteSpace(Email))
            yield return new ValidationResult(SharedText.ProspectPhoneOrEmail, [nameof(Phone), nameof(Email)]);
        if (ConsentOn is null)
            yield return new ValidationResult(SharedText.ValRequired, [nameof(ConsentOn)]);
    }
}

public static class ProspectOwner
{
    public const string Me = "me";
    public const string Nobody = "nobody";
}

public enum ProspectSort { Newest, Name, NextStep }

public sealed class ProspectQuery
{
    [StringLength(100)] public string? Search { get; set; }
    public ScreeningResult? Screening { get; set; }
    public ProspectStage? Stage { get; set; }
    public ProspectSource? Source { get; set; }
    /// <summary><see cref="ProspectOwner.Me"/>, <see cref="ProspectOwner.Nobody"/> or a member of staff's id.</summary>
    [StringLength(450)] public string? Owner { get; set; }
    [StringLength(60)] public string? Region { get; set; }
    public ProspectSort Sort { get; set; }
    [StringLength(200)] public string? After { get; set; }
    [Range(1, 100)] public int PageSize { get; set; } = 50;
}

public sealed record ProspectRow(
    Guid Id, string Name, ApplicantType Kind, string? Region, Sector? Sector, ProspectSource Source, ScreeningResult Screening,
    ProspectStage Stage, string? OwnerName, DateOnly? NextStepOn, DateTimeOffset CreatedAt, bool ContactStopped, string? NextStep = null);

public sealed record ProspectPage(IReadOnlyList<ProspectRow> Items, string? NextCursor);

public sealed record ProspectContactView(
    long Id, DateTimeOffset At, string By, ProspectChannel Channel, ProspectOutcome? Outcome, string? Note, DateOnly? NextStepOn, string? NextStep);

/// <summary>One line of the prospect's history: every change, as the audit log has it.</summary>
public sealed record ProspectHistoryItem(DateTimeOffset At, string Actor, string Action, string? Detail);

public sealed record ProspectMatch(Guid Id, string Name, string Matched);

public sealed record ProspectView(
    Guid Id, string Reference, ApplicantType Kind, string Name, string? ContactPerson, string? Phone, string? Email, string? RegistrationNumber,
    string? Region, Sector? Sector, decimal? MonthlyIncome, decimal? AnnualRevenue, int? YearsTrading, DateOnly? BirthDate, string? ProductInterest,
    string? Notes, ProspectSource Source, string? SourceDetail, ConsentBasis ConsentBasis, DateOnly ConsentOn,
    ContactStop? Stopped, string? StopReason, DateTimeOffset? StoppedAt,
    ProspectStage Stage, ScreeningResult Screening, ScreeningReason ScreeningReason, string? ScreenedBy, DateTimeOffset? ScreenedAt,
    string? OwnerId, string? OwnerName, DateOnly? NextStepOn, string? NextStep,
    string? CustomerEmail, Guid? ApplicationId, string? ApplicationReference,
    Guid? MergedIntoId, IReadOnlyList<ProspectMatch> PossibleDuplicates,
    IReadOnlyList<ProspectContactView> Contacts, IReadOnlyList<ProspectHistoryItem> History,
    DateTimeOffset CreatedAt, Guid ConcurrencyStamp)
{
    /// <summary>Whether the caller may take it (unassigned), give it to someone (supervisors), contact it, merge.</summary>
    public bool CanTake { get; init; }
    public bool CanAssign { get; init; }
    public bool CanContact { get; init; }
    /// <summary>The name of the product of interest, and of the product or promotion in <c>SourceDetail</c>, in the reader's language.</summary>
    public string? ProductInterestName { get; init; }
    public string? SourceName { get; init; }
}

public sealed class LogContact
{
    public ProspectChannel Channel { get; set; }
    public ProspectOutcome Outcome { get; set; }

    [StringLength(2000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Note { get; set; }

    public DateOnly? NextStepOn { get; set; }

    [StringLength(200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? NextStep { get; set; }

    public Guid ConcurrencyStamp { get; set; }
}

public sealed record AssignProspect(string? OwnerId, Guid ConcurrencyStamp);

public sealed class StopContact
{
    public ContactStop Stop { get; set; }

    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(500, MinimumLength = 2, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Reason { get; set; } = "";

    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>Contact allowed again: the person asked, and staff checked with them (why, in words).</summary>
public sealed class ResumeContact
{
    [Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [StringLength(500, MinimumLength = 2, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLengthBetween))]
    public string Reason { get; set; } = "";

    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>Merge <c>Other</c> into the prospect: its contacts, the earliest consent and any details the survivor lacks.</summary>
public sealed record MergeProspects(Guid OtherId, Guid ConcurrencyStamp, Guid OtherConcurrencyStamp);

/// <summary>The customer managers who may own prospects, with their team.</summary>
public sealed record ProspectOwnerOption(string Id, string Name, string? Team);

/// <summary>Round robin: the targets go to the team's managers in turn. By region: each region to one manager of the team.</summary>
public enum AssignmentRule { RoundRobin, ByRegion }

/// <summary>Gives the unassigned targets (of one region or imported list, if given) to a team's customer managers.</summary>
public sealed record AssignTargets(string Team, AssignmentRule Rule, string? Region, Guid? ImportId);

public sealed record AssignedCount(string OwnerName, int Count);

public sealed record AssignmentSummary(int Assigned, IReadOnlyList<AssignedCount> ByOwner);

/// <summary>A customer manager's day: follow-ups overdue and due today, and prospects newly given to them, not contacted yet.</summary>
public sealed record TodayView(DateOnly Today, IReadOnlyList<ProspectRow> Overdue, IReadOnlyList<ProspectRow> DueToday, IReadOnlyList<ProspectRow> NewForMe);
