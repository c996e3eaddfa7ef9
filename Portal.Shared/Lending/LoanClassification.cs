namespace Portal.Shared.Lending;

/// <summary>The five-tier loan classification, driven by days past due.</summary>
public enum LoanClassification { Normal, SpecialMention, Substandard, Doubtful, Loss }

/// <summary>
/// Days-past-due limits of the tiers. Defaults: 0 DPD Normal, 1–90 SpecialMention, 91–180 Substandard,
/// 181–360 Doubtful, over 360 Loss.
/// </summary>
public sealed record ClassificationThresholds(int SubstandardAfterDays = 90, int DoubtfulAfterDays = 180, int LossAfterDays = 360)
{
    public static ClassificationThresholds Default { get; } = new();

    public LoanClassification Classify(int daysPastDue)
    {
        if (SubstandardAfterDays < 1 || DoubtfulAfterDays <= SubstandardAfterDays || LossAfterDays <= DoubtfulAfterDays)
        {
            throw new ArgumentOutOfRangeException(nameof(SubstandardAfterDays), "Thresholds must be positive and increasing.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(daysPastDue);
        return daysPastDue switch
        {
            0 => LoanClassification.Normal,
            _ when daysPastDue > LossAfterDays => LoanClassification.Loss,
            _ when daysPastDue > DoubtfulAfterDays => LoanClassification.Doubtful,
            _ when daysPastDue > SubstandardAfterDays => LoanClassification.Substandard,
            _ => LoanClassification.SpecialMention,
        };
    }
}

public static class LoanClassificationExtensions
{
    public static bool IsNonPerforming(this LoanClassification classification) =>
        classification is LoanClassification.Substandard or LoanClassification.Doubtful or LoanClassification.Loss;
}
