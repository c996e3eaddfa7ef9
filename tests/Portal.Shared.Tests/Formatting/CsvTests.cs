using Portal.Shared.Formatting;

namespace Portal.Shared.Tests.Formatting;

public sealed class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.test\",\"Pay here\")", "\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"Pay here\"\")\"")]
    [InlineData("+86 139 0000 0000", "'+86 139 0000 0000")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("  =1+1", "'  =1+1")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void Text_a_spreadsheet_would_run_is_kept_as_text(string text, string cell) => Assert.Equal(cell, Csv.Cell(text));

    [Theory]
    [InlineData("Everyday Personal Loan", "Everyday Personal Loan")]
    [InlineData("日常个人贷款", "日常个人贷款")]
    [InlineData("1,234.50", "\"1,234.50\"")]
    [InlineData("He said \"no\"", "\"He said \"\"no\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void Other_text_is_quoted_only_when_it_must_be(string text, string cell) => Assert.Equal(cell, Csv.Cell(text));

    [Fact]
    public void A_line_uses_the_separator_it_is_given_for_quoting_too() =>
        Assert.Equal("1;\"1234;5\";a,b", Csv.Line(["1", "1234;5", "a,b"], ';'));
}
