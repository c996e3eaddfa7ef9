using CsCheck;
using Portal.Shared.Lending;

namespace Portal.Shared.Tests.Lending;

public class ScheduleProperties
{
    [Fact]
    public void Schedules_of_every_method_repay_exactly_the_principal() =>
        Loans.AnyTerms.Sample(terms =>
        {
            var schedule = Schedule.Build(terms);
            Assert.Equal(terms.Principal, schedule.Rows.Sum(r => r.Principal));
            Assert.Equal(terms.Principal + schedule.TotalInterest, schedule.Rows.Sum(r => r.Payment));
        }, iter: 300);

    [Fact]
    public void Balance_never_goes_negative_and_ends_at_zero() =>
        Loans.AnyTerms.Sample(terms =>
        {
            var rows = Schedule.Build(terms).Rows;
            var balance = terms.Principal;
            foreach (var row in rows)
            {
                balance -= row.Principal;
                Assert.Equal(balance, row.BalanceAfter);
                Assert.True(row.BalanceAfter >= 0 && row.Principal >= 0 && row.Interest >= 0);
                Assert.Equal(Money.Round(row.Interest), row.Interest);
            }

            Assert.Equal(0m, rows[^1].BalanceAfter);
        }, iter: 300);
}
