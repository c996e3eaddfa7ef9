using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Client;
using Portal.Client.Features.Catalog;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Applications;

/// <summary>
/// Writes the loan contract as plain text, in the customer's language, from the offer and the engine's
/// schedule. The text is stored when the offer is accepted and never rewritten: the signature binds to
/// its SHA-256, and the PDF is made from exactly this text.
/// </summary>
public sealed class ContractWriter(IStringLocalizer<Strings> L, LocalCalendar calendar)
{
    /// <summary>The lender's name as the portal shows it.</summary>
    public string LenderName => L["BrandName"];

    public string Write(LoanApplication a, ProductDetails product, OfferTerms offer, string lender, string maskedNationalId, DateOnly today)
    {
        var quote = offer.Quote(product);
        var s = quote.Schedule;
        string Money(decimal amount) => Display.Money(amount, product.Currency);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line(string.Format(L["ContractTitle"], lender, a.Reference));
        Line(string.Format(L["ContractDate"], Display.Date(today)));
        Line();
        Line(string.Format(L["ContractLender"], lender));
        Line(a.ApplicantType == ApplicantType.Business
            ? string.Format(L["ContractBorrowerBusiness"], a.BusinessName, a.RegistrationNumber, a.FullName, maskedNationalId)
            : string.Format(L["ContractBorrower"], a.FullName, maskedNationalId));
        Line(string.Format(L["ContractProduct"], product.Name, product.Version));
        Line();
        Line(L["ContractLoanHeading"]);
        Line(string.Format(L["ContractLoan"], Money(offer.Amount), offer.Months, L.Of(offer.Method),
            Display.Percent(offer.RatePercent), offer.Grade));
        Line();
        Line(L["ContractCostHeading"]);
        foreach (var fee in product.Fees)
            Line($"- {L.FeeName(fee.Code)} ({L.Of(fee.Kind)}): {FeeAmount(fee, offer.Amount, Money)}");
        Line(string.Format(L["ContractPaidOut"], Money(s.AmountPaidOut)));
        Line(string.Format(L["ContractTotals"], Money(s.TotalInterest), Money(s.TotalFees), Money(s.TotalToRepay), Money(s.TotalCostOfCredit)));
        Line(string.Format(L["ContractApr"], L.Of(quote.Regime), Display.Percent(quote.AnnualRatePercent)));
        Line();
        Line(L["ContractScheduleHeading"]);
        Line(string.Join(" | ", "#", L["DueDate"], L["Principal"], L["Interest"], L["Fee"], L["Total"]));
        foreach (var r in s.Rows)
            Line(string.Join(" | ", r.Number, Display.Date(r.DueDate), Money(r.Principal), Money(r.Interest), Money(r.Fee), Money(r.Total)));
        Line();
        Line(L["ContractTermsHeading"]);
        Line(string.Format(L["ContractDates"], Display.Date(product.PricedOn)));
        Line(L["ContractLate"]);
        Line(L["ContractEarly"]);
        if (quote.Regime == RateRegime.EU) Line(L["EuEarlyRepaymentCap"]);
        // The lender's day, not the server machine's: this text is signed, and a UTC server can be a day off Shanghai's.
        Line(string.Format(L["ContractOfferValid"], Display.Date(calendar.DateOn(offer.ExpiresAt))));
        Line();
        Line(L["ContractSigning"]);
        return text.ToString();
    }

    private static string FeeAmount(Fee fee, decimal principal, Func<decimal, string> money) =>
        fee.Kind is FeeKind.Upfront or FeeKind.PerInstalment ? money(fee.AmountOn(principal)) : fee.PercentOfPrincipal > 0
            ? $"{Display.Percent(fee.PercentOfPrincipal)}{(fee.CapAmount is { } cap ? $" (≤ {money(cap)})" : "")}"
            : money(fee.FixedAmount);

    /// <summary>The signed contract: its stored text exactly, then the evidence of the signature.</summary>
    public byte[] SignedPdf(LoanApplication a) => ContractPdf.Render(string.Format(L["ContractTitle"], LenderName, a.Reference),
    [
        a.ContractText!,
        "",
        L["PdfSignatureHeading"],
        string.Format(L["PdfSignedBy"], a.SignedName, a.SignedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), a.SignedIp ?? "—"),
        string.Format(L["ContractFingerprint"], a.ContractSha256),
    ]);

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
