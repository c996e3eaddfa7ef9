using System.Globalization;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class ScheduleCsvTests
{
    // 1,234.50 at 1% a month: PMT 626.52, first interest 12.345 rounds half away to 12.35.
    private static readonly Schedule Loan = Schedule.Build(
        Loans.Terms(1234.5m, 12m, 2, RepaymentMethod.EqualInstalments, new Fee("SVC", FeeKind.PerInstalment, 1.5m)));

    [Fact]
    public void Csv_has_the_header_and_one_invariant_line_per_instalment()
    {
        var lines = ScheduleCsv.Write(Loan).Split('\n');

        Assert.Equal(
            [
                "Number,DueDate,Payment,Principal,Interest,Fee,Total,BalanceAfter",
                "1,2024-02-15,626.52,614.17,12.35,1.50,628.02,620.33",
                "2,2024-03-15,626.53,620.33,6.20,1.50,628.03,0.00",
                "",
            ],
            lines);
    }

    [Fact]
    public void Csv_ignores_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(ScheduleCsv.Write(Loan, CultureInfo.InvariantCulture), ScheduleCsv.Write(Loan));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Comma_decimal_cultures_get_semicolon_separated_csv()
    {
        var lines = ScheduleCsv.Write(Loan, new CultureInfo("de-DE")).Split('\n');

        Assert.Equal("Number;DueDate;Payment;Principal;Interest;Fee;Total;BalanceAfter", lines[0]);
        Assert.Equal("1;2024-02-15;626,52;614,17;12,35;1,50;628,02;620,33", lines[1]);
    }
}
