using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class FeeTests
{
    [Fact]
    public void Fee_amount_is_fixed_plus_percent_rounded_then_capped()
    {
        Assert.Equal(10m + 123.46m, new Fee("ARR", FeeKind.Upfront, 10m, 1m).AmountOn(12345.55m));
        Assert.Equal(100m, new Fee("ARR", FeeKind.Upfront, 10m, 1m, CapAmount: 100m).AmountOn(12345.55m));
        Assert.Equal(0m, new Fee("ERF", FeeKind.EarlyRepayment, PercentOfPrincipal: 2m, CapAmount: 100m).AmountOn(0m));
    }

    [Theory]
    [InlineData(FeeKind.Upfront, true)]
    [InlineData(FeeKind.PerInstalment, true)]
    [InlineData(FeeKind.Late, false)]
    [InlineData(FeeKind.EarlyRepayment, false)]
    public void Only_upfront_and_per_instalment_fees_are_mandatory(FeeKind kind, bool mandatory) =>
        Assert.Equal(mandatory, new Fee("X", kind, 1m).IsMandatory);
}
