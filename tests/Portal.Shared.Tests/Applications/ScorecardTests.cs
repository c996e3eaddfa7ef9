using CsCheck;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Applications;

public sealed class ScorecardTests
{
    private static readonly ProductDetails Personal = new(
        1, 1, "everyday", "Everyday", ProductKind.PersonalConsumer, "", "", 5_000m, 200_000m, 6, 60,
        [RepaymentMethod.EqualInstalments], [new(RiskGrade.A, 7.2m), new(RiskGrade.B, 9.6m), new(RiskGrade.C, 12.5m), new(RiskGrade.D, 15.9m), new(RiskGrade.E, null)],
        [new Fee("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1m, CapAmount: 1_000m)],
        new Eligibility(18, 65, 4_000m, 0, true), [], new RepresentativeExample(50_000m, 24, RepaymentMethod.EqualInstalments, RiskGrade.B, 9.6m),
        RateRegime.CN, "CNY", new DateOnly(2026, 11, 29));

    private static ApplicantProfile Applicant(decimal income = 20_000m, decimal obligations = 0m, int years = 6, int age = 35, bool resident = true) =>
        new(age, income, obligations, years, resident);

    [Fact]
    public void A_comfortable_long_employed_applicant_gets_grade_A_and_says_why()
    {
        var result = Scorecard.Check(Personal, Applicant(), 30_000m, 36, RepaymentMethod.EqualInstalments);

        Assert.True(result.LikelyEligible);
        Assert.Equal(RiskGrade.A, result.LikelyGrade);
        Assert.Equal(7.2m, result.LikelyRatePercent);
        Assert.Contains(ReasonCode.AffordabilityStrong, result.Reasons);
        Assert.Contains(ReasonCode.LongHistory, result.Reasons);
        Assert.Equal(result.Score!.Score, result.Score.Parts.Sum(p => p.Points));
    }

    [Fact]
    public void Stretched_affordability_lowers_the_grade_with_reasons()
    {
        var result = Scorecard.Check(Personal, Applicant(income: 8_000m, obligations: 1_500m, years: 1), 100_000m, 36, RepaymentMethod.EqualInstalments);

        Assert.NotNull(result.Score);
        Assert.True(result.Score.Grade > RiskGrade.B);
        Assert.Contains(ReasonCode.PaymentToIncomeHigh, result.Reasons);
        Assert.Contains(ReasonCode.ShortHistory, result.Reasons);
        Assert.Contains(ReasonCode.AmountHighForIncome, result.Reasons);
    }

    [Theory]
    [InlineData(17, 20_000, true, ReasonCode.AgeOutsideRange)]
    [InlineData(35, 3_000, true, ReasonCode.IncomeBelowMinimum)]
    [InlineData(35, 20_000, false, ReasonCode.NotResident)]
    public void The_products_rules_come_before_any_score(int age, int income, bool resident, ReasonCode reason)
    {
        var result = Scorecard.Check(Personal, Applicant(income: income, age: age, resident: resident), 30_000m, 36, RepaymentMethod.EqualInstalments);

        Assert.False(result.LikelyEligible);
        Assert.Null(result.Score);
        Assert.Contains(reason, result.Reasons);
    }

    [Fact]
    public void Too_much_existing_debt_is_not_eligible_whatever_the_score()
    {
        var result = Scorecard.Check(Personal, Applicant(income: 10_000m, obligations: 6_000m), 20_000m, 24, RepaymentMethod.EqualInstalments);
        Assert.False(result.LikelyEligible);
        Assert.Contains(ReasonCode.DebtBurdenTooHigh, result.Reasons);
    }

    [Fact]
    public void A_grade_the_product_does_not_offer_is_not_eligible()
    {
        var result = Scorecard.Check(Personal, Applicant(income: 8_500m, obligations: 0m, years: 0), 200_000m, 60, RepaymentMethod.EqualInstalments);
        Assert.Equal(RiskGrade.E, result.LikelyGrade);
        Assert.False(result.LikelyEligible);
        Assert.Contains(ReasonCode.GradeNotOffered, result.Reasons);
    }

    [Fact]
    public void More_income_never_lowers_the_score()
    {
        Gen.Select(Gen.Int[4_000, 100_000], Gen.Int[0, 50_000], Gen.Int[0, 3_000], Gen.Int[50, 2_000])
            .Sample((income, extra, obligations, hundreds) =>
            {
                var amount = hundreds * 100m;
                var lower = Scorecard.Score(Personal, Applicant(income, obligations), amount, 24, RepaymentMethod.EqualInstalments);
                var higher = Scorecard.Score(Personal, Applicant(income + extra, obligations), amount, 24, RepaymentMethod.EqualInstalments);
                Assert.True(higher.Score >= lower.Score);
                Assert.InRange(lower.Score, 0, 100);
            }, iter: 200);
    }
}
