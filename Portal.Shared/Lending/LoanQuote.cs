namespace Portal.Shared.Lending;

/// <summary>A priced offer: the schedule and the annual rate disclosed under the deployment's regime.</summary>
public sealed record LoanQuote(Schedule Schedule, RateRegime Regime, decimal AnnualRatePercent)
{
    public decimal FirstInstalment => Schedule.Rows[0].Total;

    public static LoanQuote For(LoanTerms terms, RateRegime regime)
    {
        var schedule = Schedule.Build(terms);
        return new LoanQuote(schedule, regime, AnnualRate.Compute(regime, schedule.Advances, schedule.Payments));
    }
}
