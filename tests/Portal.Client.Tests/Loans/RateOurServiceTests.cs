using Portal.Client.Features.Feedback;
using Portal.Shared.Features.Feedback;

namespace Portal.Client.Tests.Loans;

public sealed class RateOurServiceTests : ClientTestContext
{
    [Fact]
    public void Nothing_is_asked_before_a_decision()
    {
        var cut = Render<RateOurService>(p => p.Add(c => c.ApplicationId, Guid.NewGuid()));
        Assert.Empty(cut.FindAll("[data-testid=rate-service]"));
    }

    [Fact]
    public void After_the_decision_the_customer_rates_once_and_sees_the_rating()
    {
        Feedback.Ratings = new([RatingStage.Decision], []);
        var cut = Render<RateOurService>(p => p.Add(c => c.ApplicationId, Guid.NewGuid()));
        Assert.Contains("handled your application", cut.Markup);

        cut.Find("[data-testid=rate-4]").Click();
        cut.Find("[data-testid=rate-comment] textarea, textarea[data-testid=rate-comment]").Change("Quick and clear.");
        cut.Find("[data-testid=send-rating]").Click();

        var sent = Assert.Single(Feedback.Sent);
        Assert.Equal((RatingStage.Decision, 4, "Quick and clear."), (sent.Stage, sent.Score, sent.Comment));
        Assert.Contains("4 out of 5", cut.Find("[data-testid=rating-given]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=send-rating]"));
    }
}
