using Portal.Client.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;

namespace Portal.Client.Tests.Catalog;

public sealed class CalculatorTests : ClientTestContext
{
    private static LoanQuote Expected(decimal amount, int months, RepaymentMethod method, decimal rate) =>
        LoanQuote.For(new LoanTerms(amount, rate, months, method, Today, Product().Fees), RateRegime.CN);

    private static string Money(decimal m) => Display.Money(m, "CNY");

    [Fact]
    public void Starts_with_the_representative_example()
    {
        var cut = Render<Calculator>(p => p.Add(c => c.Product, Product()));
        var expected = Expected(50_000m, 24, RepaymentMethod.EqualInstalments, 9.6m);

        Assert.Equal(Money(expected.FirstInstalment), cut.Find("[data-testid=calc-instalment]").TextContent);
        Assert.Equal(Display.Percent(expected.AnnualRatePercent), cut.Find("[data-testid=calc-apr]").TextContent);
        Assert.Equal(Money(expected.Schedule.TotalToRepay), cut.Find("[data-testid=calc-total]").TextContent);
        Assert.Equal(24, cut.FindAll("[data-testid=calc-schedule] tbody tr").Count);
    }

    [Fact]
    public void Changing_amount_and_term_recomputes_everything_from_the_engine()
    {
        var cut = Render<Calculator>(p => p.Add(c => c.Product, Product()));

        cut.Find("input[data-testid=calc-amount]").Input("100000");
        cut.Find("input[data-testid=calc-months]").Input("36");

        var expected = Expected(100_000m, 36, RepaymentMethod.EqualInstalments, 9.6m);
        cut.WaitForAssertion(() => Assert.Equal(Money(expected.FirstInstalment), cut.Find("[data-testid=calc-instalment]").TextContent));
        Assert.Equal(Money(expected.Schedule.TotalInterest), cut.Find("[data-testid=calc-interest]").TextContent);
        Assert.Equal(Money(1_000m), cut.Find("[data-testid=calc-fees]").TextContent);
        Assert.Equal(36, cut.FindAll("[data-testid=calc-schedule] tbody tr").Count);
    }

    [Fact]
    public void An_amount_outside_the_product_range_shows_an_error_instead_of_figures()
    {
        var cut = Render<Calculator>(p => p.Add(c => c.Product, Product()));

        cut.Find("input[data-testid=calc-amount]").Input("500");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=calc-results]")));
        Assert.Contains("Choose an amount from", cut.Markup);
    }

    [Fact]
    public void An_amount_between_steps_asks_for_a_whole_step()
    {
        var cut = Render<Calculator>(p => p.Add(c => c.Product, Product()));

        cut.Find("input[data-testid=calc-amount]").Input("10050");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=calc-results]")));
        Assert.Contains("in steps of", cut.Markup);
    }

    [Fact]
    public void Typing_keeps_its_value_when_the_page_renders_again()
    {
        var product = Product();
        var cut = Render<Calculator>(p => p.Add(c => c.Product, product));
        cut.Find("input[data-testid=calc-months]").Input("36");

        cut.Render(p => p.Add(c => c.Product, product));

        Assert.Equal(36, cut.FindAll("[data-testid=calc-schedule] tbody tr").Count);
    }

    [Fact]
    public void Csv_download_holds_the_schedule_in_invariant_format()
    {
        var cut = Render<Calculator>(p => p.Add(c => c.Product, Product()));

        var href = cut.Find("[data-testid=calc-csv]").GetAttribute("href")!;
        Assert.StartsWith("data:text/csv;charset=utf-8,", href);
        var csv = Uri.UnescapeDataString(href["data:text/csv;charset=utf-8,".Length..]);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Number,DueDate,Payment,Principal,Interest,Fee,Total,BalanceAfter", lines[0]);
        Assert.Equal(25, lines.Length);
        Assert.StartsWith("1,2026-12-29,", lines[1]);
    }

    [Fact]
    public void Fee_free_product_quotes_its_nominal_rate_as_the_annual_rate()
    {
        var cut = Render<Calculator>(p => p.Add(c => c.Product, Product(fees: [])));
        Assert.Equal(Display.Percent(9.6m), cut.Find("[data-testid=calc-apr]").TextContent);
    }
}
