using CsCheck;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

/// <summary>Shared test builders and generators.</summary>
internal static class Loans
{
    public static readonly DateOnly Start = new(2024, 1, 15);

    public static LoanTerms Terms(
        decimal principal = 12000m, decimal rate = 12m, int months = 12,
        RepaymentMethod method = RepaymentMethod.EqualPrincipal, params Fee[] fees) =>
        new(principal, rate, months, method, Start, fees);

    /// <summary>Principal in whole cents, 0.01 to 1,000,000.00; rate 0–36% in basis points; any term and method.</summary>
    public static readonly Gen<LoanTerms> AnyTerms = TermsUpTo(LoanTerms.MaxMonths);

    public static Gen<LoanTerms> TermsUpTo(int maxMonths, long minCents = 1) => Gen.Select(
        Gen.Long[minCents, 100_000_000],
        Gen.Int[0, 3600],
        Gen.Int[1, maxMonths],
        Gen.Enum<RepaymentMethod>(),
        Gen.Int[0, 3000],
        (cents, bp, months, method, startOffset) => new LoanTerms(
            Money.FromMinor(cents), bp / 100m, months, method, new DateOnly(2020, 1, 1).AddDays(startOffset), []));
}
