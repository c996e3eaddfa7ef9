using System.Net;
using Portal.Server.Tests.Infrastructure;

namespace Portal.Server.Tests.Catalog;

/// <summary>A deployment in dollars: the demo lender's texts name its amounts in dollars too (issue 14.5).</summary>
public sealed class UsdFactory : PortalFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Disclosure:Currency", "USD"), ("Disclosure:Regime", "US")];
}

public sealed class UsdDeploymentTests(UsdFactory app) : IClassFixture<UsdFactory>
{
    private async Task<string> PageText(string url, string language)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_product_page_states_its_amounts_in_dollars_in_every_language()
    {
        var english = await PageText("/products/everyday-personal-loan", "en");
        Assert.Contains("Borrow from $5,000.00 to $200,000.00 over 6 to 60 months.", english);
        Assert.DoesNotContain("¥", english);

        var chinese = await PageText("/products/everyday-personal-loan", "zh-CN");
        Assert.Contains("借款金额$5,000.00至$200,000.00，期限6至60个月。", chinese);
        Assert.DoesNotContain("¥", chinese);
    }

    [Fact]
    public async Task A_promotions_minimum_amount_is_in_dollars()
    {
        var page = await PageText("/promotions/business-no-arrangement-fee", "en");
        Assert.Contains("Borrow $50,000.00 or more for your business and pay no arrangement fee.", page);
        Assert.Contains("Loans of at least $50,000.00.", page);
        Assert.DoesNotContain("¥", page);
    }
}
