using Portal.Shared.Features.Promotions;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Promotions;

/// <summary>
/// A promotion's words as the reader sees them: their language (the other where theirs is not written) and the
/// minimum amount written in for {MinAmount}, in the deployment's currency and the reader's number format.
/// </summary>
internal sealed record PromotionWords(string Title, string Summary, string DescriptionHtml, string Terms, PromotionBenefit Benefit)
{
    public static PromotionWords Of(Promotion p, string currency)
    {
        var figures = TextFigures.OfPromotion(p.MinAmountMinor is { } m ? Money.FromMinor(m) : null, currency);
        string Text(string english, string? chinese) => TextFigures.Fill(Bilingual.Pick(english, chinese), figures);
        return new(Text(p.Title, p.TitleZh), Text(p.Summary, p.SummaryZh),
            TextFigures.Fill(Bilingual.Pick(p.DescriptionHtml, p.DescriptionHtmlZh), figures, Escape),
            Text(p.Terms, p.TermsZh), p.Benefit with { Gift = p.Gift is null ? null : Text(p.Gift, p.GiftZh) });
    }

    /// <summary>A promotion's title for the reader, where only the title is shown (lists, the dashboard).</summary>
    public static string TitleOf(string title, string titleZh, long? minAmountMinor, string currency) =>
        TextFigures.Fill(Bilingual.Pick(title, titleZh), TextFigures.OfPromotion(minAmountMinor is { } m ? Money.FromMinor(m) : null, currency));

    // A figure is an amount (digits, separators, a currency sign or code): only markup's own characters need escaping.
    private static string Escape(string figure) => figure.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
