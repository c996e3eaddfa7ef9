namespace Portal.Shared.Lending;

/// <summary>A repayment schedule and its disclosed totals, all derived from the rows.</summary>
public sealed record Schedule(LoanTerms Terms, IReadOnlyList<Instalment> Rows)
{
    public decimal UpfrontFees => Terms.FeesOf(FeeKind.Upfront).Sum(f => f.AmountOn(Terms.Principal));

    /// <summary>Upfront fees withheld from the payout: never paid out, so repaid inside the principal.</summary>
    public decimal WithheldFees => Terms.FeesOf(FeeKind.Upfront).Where(f => f.DeductedFromPayout).Sum(f => f.AmountOn(Terms.Principal));

    /// <summary>What reaches the borrower's account (Reg Z's amount financed, the Directive's total amount of credit).</summary>
    public decimal AmountPaidOut => Terms.Principal - WithheldFees;

    public decimal TotalInterest => Rows.Sum(r => r.Interest);

    public decimal TotalPeriodicFees => Rows.Sum(r => r.Fee);

    /// <summary>Mandatory fees only; late and early-repayment fees are contingent.</summary>
    public decimal TotalFees => UpfrontFees + TotalPeriodicFees;

    /// <summary>
    /// Every scheduled payment plus every mandatory fee paid separately (an upfront fee paid at payout rather than
    /// withheld). A withheld fee is not added: the borrower repays it inside the principal (SPEC 2.2; Reg Z
    /// §1026.18(h) total of payments; the Directive's total amount payable).
    /// </summary>
    public decimal TotalToRepay => Rows.Sum(r => r.Total) + (UpfrontFees - WithheldFees);

    /// <summary>What the credit costs: everything repaid beyond what was paid out (interest and every mandatory fee).</summary>
    public decimal TotalCostOfCredit => TotalToRepay - AmountPaidOut;

    /// <summary>
    /// The net advance for the APR: every upfront fee reduces it, withheld or paid at disbursement alike,
    /// because either way the borrower has that much less of the lender's money on day one.
    /// </summary>
    public IReadOnlyList<DatedAmount> Advances => [new DatedAmount(Terms.DisbursementDate, Terms.Principal - UpfrontFees)];

    public IReadOnlyList<DatedAmount> Payments => Rows.Select(r => new DatedAmount(r.DueDate, r.Total)).ToList();

    /// <exception cref="ArgumentOutOfRangeException">Principal ≤ 0, months outside 1..600, rate outside 0..100, bad fees.</exception>
    public static Schedule Build(LoanTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        terms.Validate();
        return new Schedule(terms, ScheduleRows.For(terms));
    }
}
