using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

/// <summary>12,000 at 12% over 12 months, equal principal from 15 Jan 2024: 1,000 principal per month, first interest 120.</summary>
public class OverdueTests
{
    private static readonly Schedule Loan = Schedule.Build(Loans.Terms(fees: new Fee("LATE", FeeKind.Late, 50m)));
    private static readonly DateOnly FirstDue = new(2024, 2, 15);

    [Fact]
    public void Instalment_is_not_overdue_on_its_due_date_or_within_grace()
    {
        Assert.Empty(Overdue.Arrears(Loan, [], FirstDue.AddDays(-1)));
        Assert.False(Assert.Single(Overdue.Arrears(Loan, [], FirstDue)).IsOverdue);
        Assert.Equal(0, Overdue.DaysPastDue(Loan, [], FirstDue.AddDays(5), new OverduePolicy(GraceDays: 5)));
        Assert.Equal(6, Overdue.DaysPastDue(Loan, [], FirstDue.AddDays(6), new OverduePolicy(GraceDays: 5)));
    }

    [Fact]
    public void Overdue_instalment_carries_penalty_at_contract_rate_plus_half_and_one_late_fee()
    {
        var asOf = new DateOnly(2024, 3, 16);

        var arrears = Overdue.Arrears(Loan, [], asOf);

        // Row 1: 30 days × 1,000 × 12% × 1.5 / 365 = 14.79; row 2 is one day late: 0.49.
        Assert.Equal(new InstalmentDue(1, FirstDue, true, 30, 14.79m, 50m, 0m, 120m, 1000m), arrears[0]);
        Assert.Equal(new InstalmentDue(2, new DateOnly(2024, 3, 15), true, 1, 0.49m, 50m, 0m, 110m, 1000m), arrears[1]);
        Assert.Equal(30, Overdue.DaysPastDue(Loan, [], asOf));
    }

    [Fact]
    public void Penalty_markup_is_configurable()
    {
        var arrears = Overdue.Arrears(Loan, [], new DateOnly(2024, 3, 16), new OverduePolicy(GraceDays: 3, PenaltyMarkup: 0m));

        Assert.Equal(9.86m, Assert.Single(arrears, a => a.IsOverdue).PenaltyInterest);
        Assert.False(arrears[1].IsOverdue);
    }

    [Fact]
    public void Penalty_after_a_partial_payment_accrues_on_the_reduced_principal()
    {
        // 15 days on 1,000 = 7.40, then the payment leaves 500 overdue; 15 more days on 500 = 3.70.
        var payment = PaymentAllocation.Allocate(Loan, [], new DatedAmount(new DateOnly(2024, 3, 1), 677.40m));

        var row1 = Overdue.Arrears(Loan, payment.PaidAfter, new DateOnly(2024, 3, 16))[0];

        Assert.Equal(new InstalmentDue(1, FirstDue, true, 30, 3.70m, 0m, 0m, 0m, 500m), row1);
    }

    [Fact]
    public void Fully_paid_instalments_are_not_in_arrears()
    {
        var paid = new[] { new InstalmentPaid(1, Principal: 1000m, Interest: 120m) };

        Assert.Equal(LoanClassification.Normal, Overdue.Classify(Loan, paid, new DateOnly(2024, 3, 10)));
        Assert.Empty(Overdue.Arrears(Loan, paid, new DateOnly(2024, 3, 10)));
    }

    [Theory]
    [InlineData(0, LoanClassification.Normal)]
    [InlineData(1, LoanClassification.SpecialMention)]
    [InlineData(90, LoanClassification.SpecialMention)]
    [InlineData(91, LoanClassification.Substandard)]
    [InlineData(180, LoanClassification.Substandard)]
    [InlineData(181, LoanClassification.Doubtful)]
    [InlineData(360, LoanClassification.Doubtful)]
    [InlineData(361, LoanClassification.Loss)]
    public void Days_past_due_map_to_the_five_tiers_by_default(int dpd, LoanClassification expected) =>
        Assert.Equal(expected, Overdue.Classify(dpd));

    [Fact]
    public void Classification_thresholds_are_configurable_and_the_last_three_tiers_are_non_performing()
    {
        var strict = new ClassificationThresholds(SubstandardAfterDays: 60, DoubtfulAfterDays: 90, LossAfterDays: 180);

        Assert.Equal(LoanClassification.Substandard, Overdue.Classify(61, strict));
        Assert.Equal(LoanClassification.Loss, Overdue.Classify(181, strict));
        Assert.Equal(LoanClassification.Doubtful, Overdue.Classify(Loan, [], FirstDue.AddDays(91), new OverduePolicy(Thresholds: strict)));
        Assert.Equal(
            [LoanClassification.Substandard, LoanClassification.Doubtful, LoanClassification.Loss],
            Enum.GetValues<LoanClassification>().Where(c => c.IsNonPerforming()));
    }

    [Fact]
    public void Inconsistent_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Overdue.Classify(10, new ClassificationThresholds(90, 90, 360)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Overdue.Classify(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Overdue.Arrears(Loan, [], FirstDue, new OverduePolicy(GraceDays: -1)));
        Assert.Throws<ArgumentException>(() => Overdue.Arrears(Loan, [new InstalmentPaid(1), new InstalmentPaid(1)], FirstDue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Overdue.Arrears(Loan, [new InstalmentPaid(13)], FirstDue));
    }
}
