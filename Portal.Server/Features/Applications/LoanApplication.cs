using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Catalog;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Applications;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Applications;

/// <summary>
/// A loan application, from draft to disbursement. It keeps the product version it was made under.
/// Money in minor units; the national ID only encrypted (nothing of it in plain text: with the date of
/// birth and address beside it, even its last digits would give most of it away).
/// </summary>
public class LoanApplication
{
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public int ProductId { get; set; }
    public int ProductVersionId { get; set; }
    public ProductVersion? ProductVersion { get; set; }
    public ApplicantType ApplicantType { get; set; }
    public ApplicationState State { get; set; }

    public long? AmountMinor { get; set; }
    public int? Months { get; set; }
    public RepaymentMethod? Method { get; set; }
    public string? FullName { get; set; }
    public string? NationalIdProtected { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public bool PermanentResident { get; set; }
    public string? EmployerName { get; set; }
    public int? YearsEmployed { get; set; }
    public long? MonthlyIncomeMinor { get; set; }
    public string? BusinessName { get; set; }
    public string? RegistrationNumber { get; set; }
    public IndustryRisk? Industry { get; set; }
    public int? YearsTrading { get; set; }
    public long? AnnualRevenueMinor { get; set; }
    public long? MonthlyObligationsMinor { get; set; }
    public string? Purpose { get; set; }
    public bool ConsentCreditCheck { get; set; }
    public bool ConsentPrivacy { get; set; }
    public bool ConsentMarketing { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>Still being worked (submitted, not yet paid out or closed): computed by the database from the state, for the queue's index.</summary>
    public bool IsOpen { get; private set; }

    // Staff handling (SPEC 2.5). Who did each step is kept for four eyes.
    /// <summary>The applicant's name (or business name) in lower case, for the queue's prefix search over an index.</summary>
    public string? SearchName { get; set; }
    public string? AssigneeId { get; set; }
    public string? IdentityVerifiedById { get; set; }
    public DateTimeOffset? IdentityVerifiedAt { get; set; }
    /// <summary>The customer manager who started the review: the application's manager in the KPI dashboard.</summary>
    public string? ManagerId { get; set; }
    /// <summary>The customer manager who forwarded it to risk.</summary>
    public string? ReviewedById { get; set; }

    public int? Score { get; set; }
    public RiskGrade? ScoredGrade { get; set; }
    public RiskGrade? Grade { get; set; }
    public string? GradeOverrideReason { get; set; }
    public long? RecommendedAmountMinor { get; set; }
    /// <summary>The scorecard's parts and reason codes as JSON: the assessment exactly as the officer saw it.</summary>
    public string? ScoreJson { get; set; }
    public string? AssessedById { get; set; }
    public DateTimeOffset? AssessedAt { get; set; }

    /// <summary>Above the highest authority limit: the first of two approvals.</summary>
    public string? FirstApproverId { get; set; }
    public string? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DeclineReasons { get; set; }

    /// <summary>The promotion the customer chose for it: its benefit is in the offer, the contract and the loan.</summary>
    public int? PromotionId { get; set; }

    // The offer: what was approved, at the rate of the grade.
    public long? OfferAmountMinor { get; set; }
    public int? OfferMonths { get; set; }
    public decimal? OfferRatePercent { get; set; }
    public DateTimeOffset? OfferExpiresAt { get; set; }

    // The contract: the exact text the customer signed, and the evidence of signing.
    public string? ContractText { get; set; }
    public string? ContractSha256 { get; set; }
    public string? SignedName { get; set; }
    public DateTimeOffset? SignedAt { get; set; }
    public string? SignedIp { get; set; }

    /// <summary>App-managed concurrency token: a save from a stale tab, or two staff at once, cannot both win.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<ApplicationEvent> Events { get; set; } = [];

    /// <summary>The scorecard on what the applicant told us: for a business, a twelfth of its revenue is its monthly income.</summary>
    public ScoreResult ScoreOn(ProductDetails product, DateOnly today)
    {
        var business = ApplicantType == ApplicantType.Business;
        var income = business ? Money.FromMinor(AnnualRevenueMinor ?? 0) / 12m : Money.FromMinor(MonthlyIncomeMinor ?? 0);
        var profile = new ApplicantProfile(
            DateOfBirth is { } born ? ApplicationDraft.AgeOn(born, today) : 0,
            Money.Round(income), Money.FromMinor(MonthlyObligationsMinor ?? 0),
            (business ? YearsTrading : YearsEmployed) ?? 0, PermanentResident, business ? Industry : null);
        return Scorecard.Score(product, profile, Money.FromMinor(AmountMinor ?? 0), Months ?? product.MinMonths, Method ?? product.Methods[0], product.Scorecard);
    }

    /// <summary>The offer made, or null before one is (or after it is taken back).</summary>
    public OfferTerms? Offer() =>
        this is { OfferAmountMinor: { } amount, OfferMonths: { } months, OfferRatePercent: { } rate, Grade: { } grade, OfferExpiresAt: { } expires }
            ? new OfferTerms(Money.FromMinor(amount), months, Method!.Value, grade, rate, expires)
            : null;

    /// <summary>The reasons given for a decline, in the order given.</summary>
    public IReadOnlyList<DeclineReason> DeclineReasonsGiven() =>
        DeclineReasons is { Length: > 0 } text ? text.Split(',').Select(Enum.Parse<DeclineReason>).ToList() : [];

    /// <summary>The draft as the customer entered it. The national ID is in it only when given: a view shows its mask instead.</summary>
    public ApplicationDraft ToDraft(string? nationalId = null) => new()
    {
        Amount = AmountMinor is { } amount ? Money.FromMinor(amount) : null,
        Months = Months,
        Method = Method,
        FullName = FullName,
        NationalId = nationalId,
        DateOfBirth = DateOfBirth,
        Phone = Phone,
        Address = Address,
        PermanentResident = PermanentResident,
        EmployerName = EmployerName,
        YearsEmployed = YearsEmployed,
        MonthlyIncome = MonthlyIncomeMinor is { } income ? Money.FromMinor(income) : null,
        BusinessName = BusinessName,
        RegistrationNumber = RegistrationNumber,
        Industry = Industry,
        YearsTrading = YearsTrading,
        AnnualRevenue = AnnualRevenueMinor is { } revenue ? Money.FromMinor(revenue) : null,
        MonthlyObligations = MonthlyObligationsMinor is { } obligations ? Money.FromMinor(obligations) : null,
        Purpose = Purpose,
        ConsentCreditCheck = ConsentCreditCheck,
        ConsentPrivacy = ConsentPrivacy,
        ConsentMarketing = ConsentMarketing,
        PromotionId = PromotionId,
    };

    /// <summary>What the audit log keeps of the application before and after a change (no personal data beyond ids).</summary>
    public object Snapshot() => new
    {
        State = State.ToString(), AssigneeId, IdentityVerified = IdentityVerifiedById is not null, Score,
        Grade = Grade?.ToString(), GradeOverrideReason, RecommendedAmountMinor, FirstApproverId, DecidedById,
        OfferAmountMinor, OfferMonths, OfferRatePercent, OfferExpiresAt, DeclineReasons, ContractSha256, SignedAt, PromotionId,
    };
}

/// <summary>How every change to an application is written: state, timeline and audit log together, saved by the caller in one transaction.</summary>
internal static class ApplicationLog
{
    /// <summary>Takes a transition the state machine allowed: the new state, its timeline entry and its audit entry.</summary>
    public static void Move(this PortalDbContext db, LoanApplication a, Transition transition, (string Id, string Name) actor, DateTimeOffset at,
        string? customerNote = null, string? internalNote = null)
    {
        var before = a.Snapshot();
        a.State = transition.To;
        a.AssigneeId = ApplicationWorkflow.WaitsForNextRole(a.State) ? null : a.ManagerId ?? a.AssigneeId;
        a.Events.Add(new ApplicationEvent
        {
            State = transition.To, Action = transition.Action.ToString(), At = at, ActorId = actor.Id,
            CustomerNote = customerNote, InternalNote = internalNote,
        });
        db.Record(at, actor, transition.Action.ToString(), "Application", a.Id.ToString(), a.Reference, before, a.Snapshot());
        // Every step someone else takes is news for the customer, in the portal and by a short email.
        if (actor.Id != a.CustomerId)
            db.Add(Messages.Notification.For(a.CustomerId, Shared.Features.Messages.NotificationKind.StateChanged, $"applications/{a.Id}", at,
                email: true, a.Reference, transition.To));
    }

    /// <summary>A staff action that does not move the state (assignment, identity check, a first approval): timeline and audit.</summary>
    public static void Note(this PortalDbContext db, LoanApplication a, string action, object before, (string Id, string Name) actor, DateTimeOffset at,
        string? internalNote = null)
    {
        a.Events.Add(new ApplicationEvent { State = a.State, Action = action, At = at, ActorId = actor.Id, InternalNote = internalNote });
        db.Record(at, actor, action, "Application", a.Id.ToString(), a.Reference, before, a.Snapshot());
    }
}

/// <summary>One step of the timeline, written in the same transaction as the change it records. Never updated.</summary>
public class ApplicationEvent
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public ApplicationState State { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorId { get; set; } = "";
    /// <summary>What was done (the action's name), since several actions can lead to the same state.</summary>
    public string Action { get; set; } = "";
    /// <summary>Shown to the customer.</summary>
    public string? CustomerNote { get; set; }
    /// <summary>Staff only; never in anything the customer can read.</summary>
    public string? InternalNote { get; set; }
}

internal sealed class LoanApplicationConfiguration : IEntityTypeConfiguration<LoanApplication>
{
    public void Configure(EntityTypeBuilder<LoanApplication> b)
    {
        b.Property(a => a.Reference).HasMaxLength(20).IsRequired();
        b.HasIndex(a => a.Reference).IsUnique();
        b.Property(a => a.CustomerId).HasMaxLength(450).IsRequired();
        b.HasIndex(a => a.CustomerId);
        // Per-promotion figures for marketing; the dashboard's decisions of a period and a manager's figures.
        b.HasIndex(a => a.PromotionId);
        // One live application per customer and promotion, even when two are submitted at once.
        b.HasIndex(a => new { a.CustomerId, a.PromotionId }).IsUnique()
            .HasFilter("\"PromotionId\" IS NOT NULL AND \"State\" NOT IN ('Withdrawn', 'Declined', 'Expired')")
            .HasDatabaseName("IX_Applications_CustomerId_PromotionId_Live");
        // Cover the dashboard's submissions of a period (grouped with every funnel stage) and its decisions (read whole for
        // the medians), so neither touches the wide table, whose rows were much of a year's view (README, the KPI dashboard).
        b.HasIndex(a => new { a.SubmittedAt, a.ProductId, a.ManagerId, a.PromotionId, a.State, a.ReviewedById, a.AssessedAt, a.DecidedAt, a.DeclineReasons, a.SignedAt })
            .HasDatabaseName("IX_Applications_Dashboard_Submitted");
        b.HasIndex(a => new { a.DecidedAt, a.SubmittedAt, a.ProductId, a.ManagerId, a.PromotionId, a.DeclineReasons })
            .HasDatabaseName("IX_Applications_Dashboard_Decided");
        b.HasIndex(a => a.ManagerId);
        // One draft per customer and product, even when two tabs start one at the same moment.
        b.HasIndex(a => new { a.CustomerId, a.ProductId }).IsUnique().HasFilter("\"State\" = 'Draft'")
            .HasDatabaseName("IX_Applications_OneDraftPerProduct");
        // Open = between submission and payout. The same SQL on SQLite and PostgreSQL; a change to the
        // state machine's open states needs a migration of this column.
        b.Property(a => a.IsOpen).HasComputedColumnSql(
            $"\"State\" IN ({string.Join(", ", ApplicationWorkflow.OpenStates.Select(s => $"'{s}'"))})", stored: true);
        // The work queue's keysets, each an index read in order: open cases by age (overall, by assignee,
        // by product), everything by age, one state by age or amount.
        b.HasIndex(a => new { a.IsOpen, a.SubmittedAt, a.Id });
        b.HasIndex(a => new { a.AssigneeId, a.IsOpen, a.SubmittedAt, a.Id });
        b.HasIndex(a => new { a.ProductId, a.IsOpen, a.SubmittedAt, a.Id });
        b.HasIndex(a => new { a.SubmittedAt, a.Id });
        b.HasIndex(a => new { a.State, a.SubmittedAt, a.Id });
        b.HasIndex(a => new { a.State, a.AmountMinor, a.Id });
        b.HasIndex(a => new { a.IsOpen, a.AmountMinor, a.Id });
        // Names in order; the columns after them let a name search in another order filter by open or state and sort
        // its matches in the index alone, without reading each match's row (README, the staff work queue).
        b.HasIndex(a => new { a.SearchName, a.Id, a.IsOpen, a.State, a.SubmittedAt, a.AmountMinor });
        b.Property(a => a.SearchName).HasMaxLength(150);
        b.Property(a => a.AssigneeId).HasMaxLength(450);
        b.Property(a => a.IdentityVerifiedById).HasMaxLength(450);
        b.Property(a => a.ReviewedById).HasMaxLength(450);
        b.Property(a => a.AssessedById).HasMaxLength(450);
        b.Property(a => a.FirstApproverId).HasMaxLength(450);
        b.Property(a => a.DecidedById).HasMaxLength(450);
        b.Property(a => a.ScoredGrade).HasConversion<string>().HasMaxLength(1);
        b.Property(a => a.Grade).HasConversion<string>().HasMaxLength(1);
        b.Property(a => a.GradeOverrideReason).HasMaxLength(2000);
        b.Property(a => a.ScoreJson).HasMaxLength(4000);
        b.Property(a => a.DeclineReasons).HasMaxLength(200);
        b.Property(a => a.OfferRatePercent).HasPrecision(9, 4);
        b.Property(a => a.ContractSha256).HasMaxLength(64);
        b.Property(a => a.SignedName).HasMaxLength(100);
        b.Property(a => a.SignedIp).HasMaxLength(45);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.ApplicantType).HasConversion<string>().HasMaxLength(12);
        b.Property(a => a.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Industry).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.FullName).HasMaxLength(100);
        b.Property(a => a.NationalIdProtected).HasMaxLength(1000);
        b.Property(a => a.Phone).HasMaxLength(20);
        b.Property(a => a.Address).HasMaxLength(300);
        b.Property(a => a.EmployerName).HasMaxLength(100);
        b.Property(a => a.BusinessName).HasMaxLength(150);
        b.Property(a => a.RegistrationNumber).HasMaxLength(40);
        b.Property(a => a.Purpose).HasMaxLength(500);
        b.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        b.HasOne(a => a.ProductVersion).WithMany().HasForeignKey(a => a.ProductVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApplicationEventConfiguration : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> b)
    {
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ActorId).HasMaxLength(450);
        b.Property(e => e.Action).HasMaxLength(30);
        b.Property(e => e.CustomerNote).HasMaxLength(2000);
        b.Property(e => e.InternalNote).HasMaxLength(2000);
        b.HasIndex(e => new { e.ApplicationId, e.At });
    }
}
