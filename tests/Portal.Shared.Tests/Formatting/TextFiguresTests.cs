using System.Globalization;
using Portal.Shared.Formatting;

namespace Portal.Shared.Tests.Formatting;

/// <summary>Staff-written texts: the reader's language or silently the other one, figures from the terms (issue 14.5).</summary>
public class TextFiguresTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public void A_reader_gets_their_language_and_the_other_one_where_theirs_is_not_written()
    {
        Assert.Equal("日常个人贷款", Bilingual.Pick("Everyday Personal Loan", "日常个人贷款", Chinese));
        Assert.Equal("Everyday Personal Loan", Bilingual.Pick("Everyday Personal Loan", "日常个人贷款", English));
        Assert.Equal("Everyday Personal Loan", Bilingual.Pick("Everyday Personal Loan", "  ", Chinese));
        Assert.Equal("日常个人贷款", Bilingual.Pick("", "日常个人贷款", English));
        Assert.True(Bilingual.IsChinese(CultureInfo.GetCultureInfo("zh-Hans")));
    }

    [Fact]
    public void Only_texts_written_in_English_without_Chinese_count_as_missing()
    {
        Assert.Equal(["Summary"], Bilingual.MissingChinese(("Name", "Loan", "贷款"), ("Summary", "Short", ""), ("Description", "", "")));
        Assert.True(Bilingual.AnyMissing(["National ID card", "Payslip"], ["居民身份证"]));
        Assert.False(Bilingual.AnyMissing(["National ID card", ""], ["居民身份证"]));
    }

    [Theory]
    [InlineData("CNY", "en-US", "From ¥5,000.00 to ¥200,000.00 over 6 to 60 months.")]
    [InlineData("USD", "zh-CN", "From $5,000.00 to $200,000.00 over 6 to 60 months.")]
    [InlineData("EUR", "de-DE", "From 5.000,00 € to 200.000,00 € over 6 to 60 months.")]
    public void Placeholders_become_the_products_limits_in_the_deployments_currency_and_the_readers_format(string currency, string culture, string expected)
    {
        var figures = TextFigures.OfProduct(5_000m, 200_000m, 6, 60, currency, CultureInfo.GetCultureInfo(culture));

        Assert.Equal(expected, TextFigures.Fill("From {MinAmount} to {MaxAmount} over {MinMonths} to {MaxMonths} months.", figures));
    }

    [Fact]
    public void Unknown_placeholders_are_found_and_a_promotion_without_a_minimum_has_no_figures()
    {
        Assert.Equal(["{MaxAmout}"], TextFigures.Unknown("Up to {MaxAmout}, from {MinAmount}.", TextFigures.ForProducts));
        Assert.Equal(["{MaxAmount}"], TextFigures.Unknown("Up to {MaxAmount}.", TextFigures.ForPromotions));
        Assert.Empty(TextFigures.OfPromotion(null, "CNY"));
        Assert.Equal("No minimum: {MinAmount}", TextFigures.Fill("No minimum: {MinAmount}", TextFigures.OfPromotion(null, "CNY")));
    }

    [Fact]
    public void A_figure_written_into_HTML_is_encoded()
    {
        var figures = new Dictionary<string, string> { [TextFigures.MinAmount] = "<b>&</b>" };

        Assert.Equal("<p>&lt;b&gt;&amp;&lt;/b&gt;</p>", TextFigures.Fill("<p>{MinAmount}</p>", figures, System.Net.WebUtility.HtmlEncode));
    }
}
