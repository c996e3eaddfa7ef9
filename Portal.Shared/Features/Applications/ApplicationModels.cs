using System.ComponentModel.DataAnnotations;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;
using Portal.Shared.Resources;

namespace Portal.Shared.Features.Applications;

public enum ApplicantType { Individual, Business }

/// <summary>
/// Everything the customer enters, step by step. Every field may be empty while it is a draft (a step
/// saves whatever it has); <see cref="MissingForSubmit"/> says what submitting needs, and the server
/// checks the whole against the product version on submit.
/// </summary>
public sealed class ApplicationDraft
{
    // Step 1: the loan
    [Range(100, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? Amount { get; set; }

    [Range(1, 600, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? Months { get; set; }

    public RepaymentMethod? Method { get; set; }

    // Step 2: the applicant
    [StringLength(100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? FullName { get; set; }

    /// <summary>18 characters (PRC resident ID); stored encrypted, shown masked. Empty in a view means "unchanged".</summary>
    [RegularExpression(@"^\d{17}[\dXx]$", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValNationalId))]
    public string? NationalId { get; set; }

    public DateOnly? DateOfBirth { get; set; }

    [RegularExpression(@"^\+?[\d\s-]{7,20}$", ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValPhone))]
    public string? Phone { get; set; }

    [StringLength(300, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Address { get; set; }

    /// <summary>Lives here permanently (some products are for residents only).</summary>
    public bool PermanentResident { get; set; }

    // Step 3a: employment and income (individuals)
    [StringLength(100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? EmployerName { get; set; }

    [Range(0, 80, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? YearsEmployed { get; set; }

    [Range(0, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MonthlyIncome { get; set; }

    // Step 3b: the business (business loans)
    [StringLength(150, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? BusinessName { get; set; }

    [StringLength(40, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? RegistrationNumber { get; set; }

    public IndustryRisk? Industry { get; set; }

    [Range(0, 200, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public int? YearsTrading { get; set; }

    [Range(0, 10_000_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? AnnualRevenue { get; set; }

    // Step 4: obligations and purpose
    [Range(0, 100_000_000, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRange))]
    public decimal? MonthlyObligations { get; set; }

    [StringLength(500, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    public string? Purpose { get; set; }

    // Step 5: consents (marketing is a separate, optional opt-in)
    public bool ConsentCreditCheck { get; set; }
    public bool ConsentPrivacy { get; set; }
    public bool ConsentMarketing { get; set; }

    /// <summary>A promotion the customer holds, to price this application with (step 1).</summary>
    public int? PromotionId { get; set; }

    /// <summary>What is still needed before this can be submitted, as field name → message. Same rules in the browser and on the server.</summary>
    public IReadOnlyDictionary<string, string> MissingForSubmit(ProductDetails product, ApplicantType type, DateOnly today)
    {
        var missing = new Dictionary<string, string>();
        void Need(bool ok, string field, string message) { if (!ok && !missing.ContainsKey(field)) missing[field] = message; }

        Need(Amount is { } a && product.AllowsAmount(a), nameof(Amount),
            string.Format(SharedText.AppAmountRange, product.MinAmount, product.MaxAmount, Pricing.AmountStep));
        Need(Months is { } m && product.AllowsTerm(m), nameof(Months),
            string.Format(SharedText.AppTermRange, product.MinMonths, product.MaxMonths));
        Need(Method is { } method && product.Methods.Contains(method), nameof(Method), SharedText.AppMethod);
        Need(!string.IsNullOrWhiteSpace(FullName), nameof(FullName), SharedText.ValRequired);
        Need(!string.IsNullOrWhiteSpace(NationalId), nameof(NationalId), SharedText.ValRequired);
        Need(DateOfBirth is not null, nameof(DateOfBirth), SharedText.ValRequired);
        if (DateOfBirth is { } born)
        {
            var age = AgeOn(born, today);
            Need(age >= product.Eligibility.MinAge && age <= product.Eligibility.MaxAge, nameof(DateOfBirth),
                string.Format(SharedText.AppAgeRange, product.Eligibility.MinAge, product.Eligibility.MaxAge));
        }
        Need(!string.IsNullOrWhiteSpace(Phone), nameof(Phone), SharedText.ValRequired);
        Need(!string.IsNullOrWhiteSpace(Address), nameof(Address), SharedText.ValRequired);
        if (product.Eligibility.ResidentsOnly) Need(PermanentResident, nameof(PermanentResident), SharedText.AppResidentsOnly);
        if (type == ApplicantType.Individual)
        {
            Need(!string.IsNullOrWhiteSpace(EmployerName), nameof(EmployerName), SharedText.ValRequired);
            Need(YearsEmployed is not null, nameof(YearsEmployed), SharedText.ValRequired);
            Need(MonthlyIncome is { } income && income >= product.Eligibility.MinMonthlyIncome && income > 0, nameof(MonthlyIncome),
                string.Format(SharedText.AppIncomeMinimum, product.Eligibility.MinMonthlyIncome));
        }
        else
        {
            Need(!string.IsNullOrWhiteSpace(BusinessName), nameof(BusinessName), SharedText.ValRequired);
            Need(!string.IsNullOrWhiteSpace(RegistrationNumber), nameof(RegistrationNumber), SharedText.ValRequired);
            Need(Industry is not null, nameof(Industry), SharedText.ValRequired);
            Need(YearsTrading is { } years && years >= product.Eligibility.MinYearsTrading, nameof(YearsTrading),
                string.Format(SharedText.AppYearsTrading, product.Eligibility.MinYearsTrading));
            Need(AnnualRevenue is > 0, nameof(AnnualRevenue), SharedText.ValRequired);
        }
        Need(MonthlyObligations is not null, nameof(MonthlyObligations), SharedText.ValRequired);
        Need(!string.IsNullOrWhiteSpace(Purpose), nameof(Purpose), SharedText.ValRequired);
        Need(ConsentCreditCheck, nameof(ConsentCreditCheck), SharedText.AppConsentNeeded);
        Need(ConsentPrivacy, nameof(ConsentPrivacy), SharedText.AppConsentNeeded);
        return missing;
    }

    public static int AgeOn(DateOnly born, DateOnly today) =>
        today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0);
}

/// <summary>One line of the customer's timeline. Staff-internal notes never appear here.</summary>
public sealed record TimelineEntry(ApplicationState State, DateTimeOffset At, string? Note);

/// <summary>An application as its owner sees it, with the terms of the product version it is made under (not the latest).</summary>
public sealed record ApplicationView(
    Guid Id,
    string Reference,
    string ProductSlug,
    string ProductName,
    int ProductVersion,
    ApplicantType ApplicantType,
    ApplicationState State,
    ApplicationDraft Draft,
    string? MaskedNationalId,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<ApplicationAction> Actions,
    IReadOnlyDictionary<string, string> MissingForSubmit,
    DateTimeOffset UpdatedAt,
    Guid ConcurrencyStamp,
    ProductDetails Product)
{
    public OfferTerms? Offer { get; init; }
    public IReadOnlyList<DeclineReason> DeclineReasons { get; init; } = [];
    public SignatureInfo? Signature { get; init; }
    public LoanSummary? Loan { get; init; }

    /// <summary>The promotion the application is priced with; <see cref="ApplicationView.Product"/> already includes its benefit.</summary>
    public Promotions.AppliedPromotion? Promotion { get; init; }
    public IReadOnlyList<Documents.DocumentView> Documents { get; init; } = [];
}

/// <summary>
/// What was approved: amount, term, method and the rate of the grade. The figures (fees, APR, schedule)
/// come from the engine for a payout on the day, in the browser and in the contract alike.
/// </summary>
public sealed record OfferTerms(decimal Amount, int Months, RepaymentMethod Method, RiskGrade Grade, decimal RatePercent, DateTimeOffset ExpiresAt)
{
    public LoanQuote Quote(ProductDetails product) => product.Quote(Amount, Months, Method, RatePercent);
}

/// <summary>Plain reasons for a decline. Each has words the customer reads ("Decline" + name).</summary>
public enum DeclineReason { Affordability, ExistingDebt, IncomeNotShown, HistoryTooShort, IdentityNotConfirmed, OutsidePolicy }

/// <summary>The evidence of an electronic signature.</summary>
public sealed record SignatureInfo(string SignedName, DateTimeOffset SignedAt, string ContractSha256);

/// <summary>The loan a disbursement created.</summary>
public sealed record LoanSummary(Guid Id, string Reference, decimal Principal, decimal PaidOut, DateTimeOffset DisbursedAt, string BankReference);

/// <summary>The contract to sign: its exact text and the SHA-256 the signature will bind to.</summary>
public sealed record ContractView(string Text, string Sha256);

/// <summary>A typed-name signature. The hash is of the text the customer read, so a contract that changed meanwhile is not signed.</summary>
public sealed record SignContract(
    [property: Required(ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValRequired))]
    [property: StringLength(100, ErrorMessageResourceType = typeof(SharedText), ErrorMessageResourceName = nameof(SharedText.ValLength))]
    string TypedName,
    bool Consent,
    [property: Required] string ContractSha256,
    Guid ConcurrencyStamp);

/// <summary>A line of "my applications".</summary>
public sealed record ApplicationSummary(Guid Id, string Reference, string ProductName, ApplicationState State, decimal? Amount, DateTimeOffset UpdatedAt);

public sealed record StartApplication([property: Required] string ProductSlug);

/// <summary>A step's changes, with the stamp of the version the customer was editing.</summary>
public sealed record SaveDraft(ApplicationDraft Draft, Guid ConcurrencyStamp);

/// <summary>Submit or withdraw what the customer last saw.</summary>
public sealed record ApplicationCommand(Guid ConcurrencyStamp);
