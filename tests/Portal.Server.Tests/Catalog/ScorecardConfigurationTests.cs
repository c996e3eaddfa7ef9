using System.Net.Http.Json;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Server.Tests.Catalog;

/// <summary>A lender sets its own scorecard; the browser's pre-check gets the same card with each product.</summary>
[Collection(nameof(PortalCollection))]
public sealed class ScorecardConfigurationTests(PortalFactory app)
{
    [Fact]
    public async Task The_configured_scorecard_is_the_one_every_product_carries_and_scores_with()
    {
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("Scorecard:GradeFloors:0", "95").UseSetting("Scorecard:GradeFloors:1", "90")
            .UseSetting("Scorecard:GradeFloors:2", "85").UseSetting("Scorecard:GradeFloors:3", "80")
            .UseSetting("Scorecard:History:0:AtLeast", "0").UseSetting("Scorecard:History:0:Points", "1"));
        var product = await configured.CreateClient().GetFromJsonAsync<ProductDetails>("/api/catalog/products/everyday-personal-loan");

        Assert.Equal([95, 90, 85, 80], product!.Scorecard.GradeFloors);
        Assert.Equal([new YearsBand(0, 1)], product.Scorecard.History);
        Assert.Equal(ScorecardWeights.Default.PaymentToIncome, product.Scorecard.PaymentToIncome); // not configured: the default

        // A strong applicant, grade A on the default card, is D on this stricter one (81 points: history now gives 1).
        var applicant = new ApplicantProfile(35, 30_000m, 0m, 10, true);
        Assert.Equal(RiskGrade.A, Scorecard.Score(product, applicant, 20_000m, 24, RepaymentMethod.EqualInstalments).Grade);
        Assert.Equal(RiskGrade.D, Scorecard.Score(product, applicant, 20_000m, 24, RepaymentMethod.EqualInstalments, product.Scorecard).Grade);
    }
}
