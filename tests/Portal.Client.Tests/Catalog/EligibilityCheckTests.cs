using Portal.Client.Features.Catalog;

namespace Portal.Client.Tests.Catalog;

public sealed class EligibilityCheckTests : ClientTestContext
{
    private static void Fill(IRenderedComponent<EligibilityCheck> cut, string testId, string value) =>
        cut.Find($"input[data-testid={testId}]").Change(value);

    [Fact]
    public void A_comfortable_applicant_is_told_the_likely_grade_rate_and_why()
    {
        var cut = Render<EligibilityCheck>(p => p.Add(c => c.Product, Product()));
        Fill(cut, "elig-age", "35");
        Fill(cut, "elig-income", "30000");
        Fill(cut, "elig-obligations", "0");
        Fill(cut, "elig-years", "6");

        cut.Find("form").Submit();

        var result = cut.Find("[data-testid=elig-result]").TextContent;
        Assert.Contains("You are likely to be eligible.", result);
        Assert.Contains("Likely grade A", result);
        Assert.Contains("7.20%", result);
        Assert.Contains("The repayments are comfortably affordable.", result);
    }

    [Fact]
    public void Someone_below_the_minimum_income_is_told_so_in_plain_words()
    {
        var cut = Render<EligibilityCheck>(p => p.Add(c => c.Product, Product()));
        Fill(cut, "elig-income", "2000");

        cut.Find("form").Submit();

        var result = cut.Find("[data-testid=elig-result]").TextContent;
        Assert.Contains("probably not eligible", result);
        Assert.Contains("Your income is below this product's minimum.", result);
    }

    [Fact]
    public void An_amount_outside_the_product_asks_for_a_valid_one_and_gives_no_verdict()
    {
        var cut = Render<EligibilityCheck>(p => p.Add(c => c.Product, Product()));
        Fill(cut, "elig-income", "30000");
        Fill(cut, "elig-amount", "999999999");

        cut.Find("form").Submit();

        Assert.Empty(cut.FindAll("[data-testid=elig-result]"));
        Assert.Contains("Choose an amount from", cut.Markup);
    }
}
