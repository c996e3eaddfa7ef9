using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Client.Features.Loans;
using Portal.Shared.Features.Loans;

namespace Portal.Client.Tests.Loans;

/// <summary>Operations pressing "run" on a day the server refuses: the page says why, and can be used again.</summary>
public sealed class DailyRunPageTests : ClientTestContext
{
    private sealed class RefusingServicing : IServicingService
    {
        public int Runs;
        public Task<DailyRunResult> RunAsync(DailyRunRequest request, CancellationToken ct = default)
        {
            Runs++;
            throw new ApiProblemException(HttpStatusCode.Conflict, "The daily review has already run for a later day (30/11/2026).", new Dictionary<string, string[]>());
        }
        public Task<IReadOnlyList<DailyRunResult>> RecentAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<DailyRunResult>>([]);
    }

    [Fact]
    public void A_refused_run_shows_the_servers_reason_and_the_button_works_again()
    {
        var servicing = new RefusingServicing();
        Services.AddSingleton<IServicingService>(servicing);
        var cut = Render(b =>
        {
            b.OpenComponent<MudDialogProvider>(0);
            b.CloseComponent();
            b.OpenComponent<DailyRunPage>(1);
            b.CloseComponent();
        });

        cut.Find("[data-testid=run-daily]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-dialog button")));
        cut.FindAll(".mud-dialog button").Last().Click();

        cut.WaitForAssertion(() => Assert.Contains("already run for a later day", cut.Find("[role=alert]").TextContent));
        Assert.Equal(1, servicing.Runs);
        Assert.False(cut.Find("[data-testid=run-daily]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=daily-run-result]"));
    }
}
