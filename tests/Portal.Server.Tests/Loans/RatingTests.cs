using System.Net;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Loans;

/// <summary>Rating the service after the decision and after the payout (SPEC 2.8), once each, on one's own application only.</summary>
[Collection(nameof(ServicingCollection))]
public sealed class RatingTests(ServicingFactory app)
{
    [Fact]
    public async Task A_customer_rates_the_decision_and_the_payout_once_each()
    {
        var (submittedCustomer, submitted) = await Applicants.SubmittedAsync(app);
        var early = await submittedCustomer.SendAsync(Api.Post($"/api/applications/{submitted.Id}/ratings", new RateService { Stage = RatingStage.Decision, Score = 5 }));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Empty((await Applicants.Read<ApplicationRatings>(await submittedCustomer.GetAsync($"/api/applications/{submitted.Id}/ratings"))).Open);

        var (customer, _, loan) = await Borrowers.DisbursedAsync(app);
        var url = $"/api/applications/{loan.ApplicationId}/ratings";
        Assert.Equal([RatingStage.Decision, RatingStage.Payout], (await Applicants.Read<ApplicationRatings>(await customer.GetAsync(url))).Open);
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.SendAsync(Api.Post(url, new RateService { Stage = RatingStage.Decision, Score = 6 }))).StatusCode);

        var rated = await Applicants.Read<ApplicationRatings>(await customer.SendAsync(Api.Post(url, new RateService { Stage = RatingStage.Decision, Score = 4, Comment = "  Clear and quick. " })));
        Assert.Equal([RatingStage.Payout], rated.Open);
        Assert.Equal((4, "Clear and quick."), (rated.Given.Single().Score, rated.Given.Single().Comment));
        Assert.Equal(HttpStatusCode.Conflict, (await customer.SendAsync(Api.Post(url, new RateService { Stage = RatingStage.Decision, Score = 1 }))).StatusCode);

        var other = await app.SignedInAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(Api.Post(url, new RateService { Stage = RatingStage.Payout, Score = 1 }))).StatusCode);
    }
}
