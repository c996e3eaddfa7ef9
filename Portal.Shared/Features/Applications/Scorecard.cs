using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Shared.Features.Applications;

public enum IndustryRisk { Low, Medium, High }

/// <summary>What the applicant tells us; for a business, income is the business's and history is years trading.</summary>
public sealed record ApplicantProfile(
    int Age,
    decimal MonthlyIncome,
    decimal MonthlyObligations,
    int YearsOfHistory,
    bool IsResident,
    IndustryRisk? Industry = null);

/// <summary>Why a score is what it is, or why someone is not eligible. Each has words in the resources ("Reason" + name).</summary>
public enum ReasonCode
{
    AgeOutsideRange, IncomeBelowMinimum, TradingHistoryTooShort, NotResident, GradeNotOffered, DebtBurdenTooHigh,
    PaymentToIncomeHigh, DebtToIncomeHigh, ShortHistory, AmountHighForIncome, HigherRiskIndustry,
    AffordabilityStrong, LongHistory,
}

/// <summary>A band of a ratio: up to <see cref="UpTo"/> scores <see cref="Points"/>.</summary>
public sealed record RatioBand(decimal UpTo, int Points);

/// <summary>A band of years: at least <see cref="AtLeast"/> scores <see cref="Points"/>.</summary>
public sealed record YearsBand(int AtLeast, int Points);

/// <summary>
/// The points of each factor. A deployment sets them in its configuration (section "Scorecard"); the
/// catalog hands them to the browser with each product, so the visitor's pre-check and the risk
/// officer's score always use the same card.
/// </summary>
public sealed record ScorecardWeights
{
    public static readonly ScorecardWeights Default = new();

    /// <summary>Payment-to-income bands, lowest first: lower is better.</summary>
    public IReadOnlyList<RatioBand> PaymentToIncome { get; init; } = [new(0.15m, 30), new(0.25m, 22), new(0.35m, 12), new(0.45m, 4)];
    public IReadOnlyList<RatioBand> DebtToIncome { get; init; } = [new(0.30m, 25), new(0.40m, 18), new(0.50m, 8), new(0.60m, 2)];
    /// <summary>Years of employment or trading, most first: more is better.</summary>
    public IReadOnlyList<YearsBand> History { get; init; } = [new(5, 20), new(2, 14), new(1, 8), new(0, 2)];
    /// <summary>Amount as a multiple of a year's income, lowest first.</summary>
    public IReadOnlyList<RatioBand> AmountToAnnualIncome { get; init; } = [new(0.5m, 15), new(1m, 10), new(2m, 5)];
    public IReadOnlyDictionary<IndustryRisk, int> Industry { get; init; } =
        new Dictionary<IndustryRisk, int> { [IndustryRisk.Low] = 10, [IndustryRisk.Medium] = 6, [IndustryRisk.High] = 2 };
    /// <summary>Points for individuals, who have no industry.</summary>
    public int NoIndustry { get; init; } = 10;
    /// <summary>Lowest score for each grade A–D; below the last, E.</summary>
    public IReadOnlyList<int> GradeFloors { get; init; } = [80, 65, 50, 35];
    /// <summary>Above this debt-to-income nobody is eligible, whatever the score.</summary>
    public decimal MaxDebtToIncome { get; init; } = 0.60m;
}

public sealed record ScorePart(string Factor, int Points);

/// <summary>The score of an application and everything that went into it.</summary>
public sealed record ScoreResult(
    int Score, RiskGrade Grade, decimal Instalment, decimal PaymentToIncome, decimal DebtToIncome,
    IReadOnlyList<ScorePart> Parts, IReadOnlyList<ReasonCode> Reasons);

/// <summary>The outcome of a pre-qualification: likely eligible or not, the likely grade and rate, and why.</summary>
public sealed record EligibilityResult(bool LikelyEligible, RiskGrade? LikelyGrade, decimal? LikelyRatePercent, ScoreResult? Score, IReadOnlyList<ReasonCode> Reasons);

/// <summary>
/// A transparent scorecard (SPEC 2.5): affordability (payment-to-income, debt-to-income), history,
/// amount relative to income and, for businesses, the industry give a score of 0–100 and a grade.
/// Pure, so the visitor's browser runs the same one as the risk officer's screen.
/// </summary>
public static class Scorecard
{
    public static ScoreResult Score(ProductDetails product, ApplicantProfile applicant, decimal amount, int months, RepaymentMethod method,
        ScorecardWeights? weights = null)
    {
        var w = weights ?? ScorecardWeights.Default;
        // Affordability is judged at the product's highest offered rate: the prudent case.
        var quote = product.Quote(amount, months, method, product.MaxRatePercent);
        var instalment = quote.Schedule.Rows.Max(r => r.Total);
        var income = Math.Max(applicant.MonthlyIncome, 0.01m);
        var pti = instalment / income;
        var dti = (applicant.MonthlyObligations + instalment) / income;
        var amountToIncome = amount / (income * 12);

        List<ScorePart> parts =
        [
            new("PaymentToIncome", Band(pti, w.PaymentToIncome)),
            new("DebtToIncome", Band(dti, w.DebtToIncome)),
            new("History", w.History.FirstOrDefault(h => applicant.YearsOfHistory >= h.AtLeast)?.Points ?? 0),
            new("AmountToIncome", Band(amountToIncome, w.AmountToAnnualIncome)),
            new("Industry", applicant.Industry is { } industry ? w.Industry[industry] : w.NoIndustry),
        ];
        var score = parts.Sum(p => p.Points);

        var reasons = new List<ReasonCode>();
        if (pti > 0.35m) reasons.Add(ReasonCode.PaymentToIncomeHigh);
        if (dti > 0.50m) reasons.Add(ReasonCode.DebtToIncomeHigh);
        if (applicant.YearsOfHistory < 2) reasons.Add(ReasonCode.ShortHistory);
        if (amountToIncome > 1m) reasons.Add(ReasonCode.AmountHighForIncome);
        if (applicant.Industry == IndustryRisk.High) reasons.Add(ReasonCode.HigherRiskIndustry);
        if (pti <= 0.15m && dti <= 0.30m) reasons.Add(ReasonCode.AffordabilityStrong);
        if (applicant.YearsOfHistory >= 5) reasons.Add(ReasonCode.LongHistory);

        var grade = (RiskGrade)Math.Min((int)RiskGrade.E, w.GradeFloors.TakeWhile(floor => score < floor).Count());
        return new ScoreResult(score, grade, instalment, Math.Round(pti, 4), Math.Round(dti, 4), parts, reasons);
    }

    /// <summary>The non-binding pre-qualification: the product's rules first, then the score. Nothing is stored.</summary>
    public static EligibilityResult Check(ProductDetails product, ApplicantProfile applicant, decimal amount, int months, RepaymentMethod method,
        ScorecardWeights? weights = null)
    {
        var w = weights ?? ScorecardWeights.Default;
        var rules = new List<ReasonCode>();
        var e = product.Eligibility;
        if (applicant.Age < e.MinAge || applicant.Age > e.MaxAge) rules.Add(ReasonCode.AgeOutsideRange);
        if (applicant.MonthlyIncome < e.MinMonthlyIncome || applicant.MonthlyIncome <= 0) rules.Add(ReasonCode.IncomeBelowMinimum);
        if (applicant.YearsOfHistory < e.MinYearsTrading) rules.Add(ReasonCode.TradingHistoryTooShort);
        if (e.ResidentsOnly && !applicant.IsResident) rules.Add(ReasonCode.NotResident);
        if (rules.Count > 0) return new EligibilityResult(false, null, null, null, rules);

        var score = Score(product, applicant, amount, months, method, w);
        if (score.DebtToIncome > w.MaxDebtToIncome)
            return new EligibilityResult(false, score.Grade, null, score, [ReasonCode.DebtBurdenTooHigh, .. score.Reasons]);
        if (product.RateFor(score.Grade) is not { } rate)
            return new EligibilityResult(false, score.Grade, null, score, [ReasonCode.GradeNotOffered, .. score.Reasons]);
        return new EligibilityResult(true, score.Grade, rate, score, score.Reasons);
    }

    private static int Band(decimal value, IReadOnlyList<RatioBand> bands) =>
        bands.FirstOrDefault(b => value <= b.UpTo)?.Points ?? 0;
}
