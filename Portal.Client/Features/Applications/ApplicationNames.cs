using Microsoft.Extensions.Localization;
using Portal.Shared.Features.Applications;

namespace Portal.Client.Features.Applications;

/// <summary>Words for the applications' enums and fields, from the resources.</summary>
public static class ApplicationNames
{
    public static string Of(this IStringLocalizer l, ApplicationState state) => l["State" + state];

    /// <summary>The state as staff call it (the customer's words speak to the customer: "waiting for information from you").</summary>
    public static string StaffOf(this IStringLocalizer l, ApplicationState state) => l["StaffState" + state];
    public static string Of(this IStringLocalizer l, IndustryRisk industry) => l["Industry" + industry];

    /// <summary>The wizard's steps, in order; the review comes last.</summary>
    public enum Step { Loan, Applicant, Work, Obligations, Documents, Consents, Review }

    /// <summary>Which step holds a field of <see cref="ApplicationDraft"/> (by property name).</summary>
    public static Step StepOf(string field) => field switch
    {
        _ when field.StartsWith(Portal.Shared.Features.Documents.DocumentRules.FieldPrefix, StringComparison.Ordinal) => Step.Documents,
        nameof(ApplicationDraft.Amount) or nameof(ApplicationDraft.Months) or nameof(ApplicationDraft.Method) or nameof(ApplicationDraft.PromotionId) => Step.Loan,
        nameof(ApplicationDraft.FullName) or nameof(ApplicationDraft.NationalId) or nameof(ApplicationDraft.DateOfBirth)
            or nameof(ApplicationDraft.Phone) or nameof(ApplicationDraft.Address) or nameof(ApplicationDraft.PermanentResident) => Step.Applicant,
        nameof(ApplicationDraft.EmployerName) or nameof(ApplicationDraft.YearsEmployed) or nameof(ApplicationDraft.MonthlyIncome)
            or nameof(ApplicationDraft.BusinessName) or nameof(ApplicationDraft.RegistrationNumber) or nameof(ApplicationDraft.Industry)
            or nameof(ApplicationDraft.YearsTrading) or nameof(ApplicationDraft.AnnualRevenue) => Step.Work,
        nameof(ApplicationDraft.MonthlyObligations) or nameof(ApplicationDraft.Purpose) => Step.Obligations,
        nameof(ApplicationDraft.ConsentCreditCheck) or nameof(ApplicationDraft.ConsentPrivacy) or nameof(ApplicationDraft.ConsentMarketing) => Step.Consents,
        _ => Step.Review,
    };

    public static string StepName(this IStringLocalizer l, Step step, ApplicantType type) =>
        step == Step.Work && type == ApplicantType.Business ? l["StepBusiness"] : l["Step" + step];

    /// <summary>The label of a field of <see cref="ApplicationDraft"/>, as the wizard shows it (a document by its name in the product's words).</summary>
    public static string FieldLabel(this IStringLocalizer l, string field, ApplicantType type, Portal.Shared.Features.Catalog.ProductDetails? product = null) => field switch
    {
        _ when field.StartsWith(Portal.Shared.Features.Documents.DocumentRules.FieldPrefix, StringComparison.Ordinal) =>
            field[Portal.Shared.Features.Documents.DocumentRules.FieldPrefix.Length..] is var kind && product is not null ? product.DocumentName(kind) : kind,
        nameof(ApplicationDraft.Amount) => l["Amount"],
        nameof(ApplicationDraft.Months) => l["TermMonths"],
        nameof(ApplicationDraft.Method) => l["RepaymentMethod"],
        nameof(ApplicationDraft.YearsEmployed) => l["YearsEmployed"],
        nameof(ApplicationDraft.MonthlyIncome) => type == ApplicantType.Business ? l["MonthlyBusinessIncome"] : l["MonthlyIncome"],
        nameof(ApplicationDraft.Industry) => l["IndustryRiskLabel"],
        nameof(ApplicationDraft.YearsTrading) => l["YearsTrading"],
        nameof(ApplicationDraft.MonthlyObligations) => l["MonthlyObligations"],
        _ => l["AppField" + field] is { ResourceNotFound: false } text ? text.Value : field,
    };

    /// <summary>
    /// Server errors keyed by field, matched by the last part of the key whatever its case,
    /// so "Draft.Amount", "draft.amount" and "Amount" all land beside the amount.
    /// </summary>
    public static string? ErrorFor(IReadOnlyDictionary<string, string[]> errors, string field)
    {
        var messages = errors.Where(e => Field(e.Key).Equals(field, StringComparison.OrdinalIgnoreCase)).SelectMany(e => e.Value).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    private static readonly string[] DraftFields = typeof(ApplicationDraft).GetProperties().Select(p => p.Name).ToArray();

    /// <summary>The draft property a server error key refers to ("draft.amount" → "Amount"); other keys are kept as they are.</summary>
    public static string Field(string key)
    {
        if (key.StartsWith(Portal.Shared.Features.Documents.DocumentRules.FieldPrefix, StringComparison.Ordinal)) return key;
        var last = key.Split('.').Last().Split('[')[0];
        return DraftFields.FirstOrDefault(f => f.Equals(last, StringComparison.OrdinalIgnoreCase)) ?? last;
    }
}
