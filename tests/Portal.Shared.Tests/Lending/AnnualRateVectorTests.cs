using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class AnnualRateVectorTests
{
    public static TheoryData<string> Cases => Vectors.RateIds();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Published_annual_rate_is_reproduced_to_its_published_decimals(string id)
    {
        var c = Vectors.Rates.Single(x => x.Id == id);

        var rate = AnnualRate.Compute(c.Regime, c.Advances, c.Payments);

        Assert.Equal(c.ExpectedPercent, Math.Round(rate, c.Decimals, MidpointRounding.AwayFromZero));
    }
}
