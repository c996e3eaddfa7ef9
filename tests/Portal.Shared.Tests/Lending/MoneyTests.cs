using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class MoneyTests
{
    [Theory]
    [InlineData("2.345", "2.35")]
    [InlineData("-2.345", "-2.35")]
    [InlineData("2.344999", "2.34")]
    [InlineData("0.005", "0.01")]
    [InlineData("12", "12")]
    public void Round_is_half_away_from_zero_to_the_cent(string amount, string expected) =>
        Assert.Equal(decimal.Parse(expected), Money.Round(decimal.Parse(amount)));

    [Fact]
    public void Minor_units_round_first_and_convert_back()
    {
        Assert.Equal(101L, Money.ToMinor(1.005m));
        Assert.Equal(-101L, Money.ToMinor(-1.005m));
        Assert.Equal(123.45m, Money.FromMinor(12345));
        Assert.Equal(123.45m, Money.FromMinor(Money.ToMinor(123.45m)));
    }

    [Fact]
    public void Minor_units_overflow_throws_instead_of_wrapping() =>
        Assert.Throws<OverflowException>(() => Money.ToMinor(decimal.MaxValue / 10));
}
