using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class ScheduleVectorTests
{
    public static TheoryData<string> Cases => Vectors.ScheduleIds();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Schedule_matches_reference_vector(string id)
    {
        var c = Vectors.Schedules.Single(x => x.Id == id);

        var schedule = Schedule.Build(new LoanTerms(c.Principal, c.AnnualRatePercent, c.Months, c.Method, new DateOnly(2024, 1, 15), []));

        Assert.Equal(c.Months, schedule.Rows.Count);
        Assert.Equal(c.FirstPayment, schedule.Rows[0].Payment);
        Assert.Equal(c.LastPayment, schedule.Rows[^1].Payment);
        Assert.Equal(c.TotalInterest, schedule.TotalInterest);
        Assert.Equal(c.TotalPaid, schedule.TotalToRepay);
        foreach (var expected in c.Rows)
        {
            var row = schedule.Rows[expected.Number - 1];
            Assert.Equal(expected, new Vectors.ScheduleRow(row.Number, row.Payment, row.Interest, row.Principal, row.BalanceAfter));
        }
    }
}
