using System.Globalization;
using Portal.Shared.Formatting;

namespace Portal.Shared.Tests.Formatting;

public class DisplayDateTests
{
    private static readonly DateOnly Day = new(2027, 1, 7);

    [Theory]
    [InlineData("en-US", "7 Jan 2027")]
    [InlineData("en-GB", "7 Jan 2027")]
    [InlineData("zh-Hans", "2027年1月7日")]
    [InlineData("zh-CN", "2027年1月7日")]
    public void Dates_read_the_same_whichever_way_the_reader_orders_day_and_month(string culture, string expected) =>
        Assert.Equal(expected, Display.Date(Day, CultureInfo.GetCultureInfo(culture)));

    [Fact]
    public void A_moment_has_its_date_and_a_24_hour_time()
    {
        var at = new DateTimeOffset(2027, 1, 7, 14, 5, 0, TimeSpan.Zero).ToLocalTime();

        Assert.EndsWith(at.ToString("HH:mm", CultureInfo.InvariantCulture), Display.DateTime(at, CultureInfo.GetCultureInfo("en-US")));
        Assert.StartsWith(Display.Date(DateOnly.FromDateTime(at.DateTime), CultureInfo.GetCultureInfo("zh-Hans")), Display.DateTime(at, CultureInfo.GetCultureInfo("zh-Hans")));
    }
}
