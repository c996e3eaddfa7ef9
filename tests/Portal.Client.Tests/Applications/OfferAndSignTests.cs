using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Client.Tests.Applications;

public sealed class OfferAndSignTests : ClientTestContext
{
    private readonly FakeApplications applications = new();

    public OfferAndSignTests()
    {
        Services.AddSingleton<IApplicationsService>(applications);
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
        var offer = new OfferTerms(40_000m, 24, RepaymentMethod.EqualInstalments, RiskGrade.B, 9.6m, new DateTimeOffset(2026, 12, 29, 0, 0, 0, TimeSpan.Zero));
        applications.View = FakeApplications.NewView(ApplicationState.Approved,
            draft: new ApplicationDraft { Amount = 50_000m, Months = 36, Method = RepaymentMethod.EqualInstalments, FullName = "Zhou Mei" },
            actions: [ApplicationAction.AcceptOffer]) with { Offer = offer };
    }

    [Fact]
    public void The_offer_shows_the_engines_figures_and_accepting_then_signing_sends_the_contracts_fingerprint()
    {
        var cut = Render<ApplicationStatus>(p => p.Add(c => c.Id, FakeApplications.Id));
        var quote = applications.View!.Offer!.Quote(Product());
        Assert.Contains("¥40,000.00", cut.Find("[data-testid=offer-amount]").TextContent);
        Assert.Contains(Portal.Shared.Formatting.Display.Percent(quote.AnnualRatePercent), cut.Find("[data-testid=offer-apr]").TextContent);
        Assert.Contains("¥39,600.00", cut.Find("[data-testid=offer-paid-out]").TextContent);
        Assert.Equal(24, cut.FindAll("[data-testid=offer-schedule] tbody tr").Count);

        cut.Find("[data-testid=accept-offer]").Click();
        Assert.Single(applications.Accepted);
        cut.WaitForAssertion(() => Assert.Contains("Loan contract", cut.Find("[data-testid=contract-text]").TextContent));
        Assert.True(cut.Find("[data-testid=sign-contract]").HasAttribute("disabled"));

        cut.Find("[data-testid=typed-name]").Input("Zhou Mei");
        cut.Find("[data-testid=sign-consent]").Change(true);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=sign-contract]").HasAttribute("disabled")));
        cut.Find("[data-testid=sign-contract]").Click();

        var signed = Assert.Single(applications.Signed);
        Assert.Equal(("Zhou Mei", true, applications.Contract.Sha256), (signed.TypedName, signed.Consent, signed.ContractSha256));
        cut.WaitForAssertion(() => Assert.Contains("Signed by Zhou Mei", cut.Find("[data-testid=signed]").TextContent));
        Assert.Equal($"api/applications/{FakeApplications.Id}/contract.pdf", cut.Find("[data-testid=contract-pdf]").GetAttribute("href"));
    }

    [Fact]
    public void A_refused_signature_says_why_beside_the_name_and_keeps_what_was_typed()
    {
        applications.View = applications.View! with { State = ApplicationState.OfferAccepted, Actions = [ApplicationAction.SignContract] };
        applications.SignFails = new ApiProblemException(HttpStatusCode.BadRequest, "Some of the information is not valid.",
            new Dictionary<string, string[]> { ["TypedName"] = ["Type your full name exactly as in your application: Zhou Mei."] });
        var cut = Render<ApplicationStatus>(p => p.Add(c => c.Id, FakeApplications.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=contract-text]"));

        cut.Find("[data-testid=typed-name]").Input("Zhou");
        cut.Find("[data-testid=sign-consent]").Change(true);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=sign-contract]").HasAttribute("disabled")));
        cut.Find("[data-testid=sign-contract]").Click();

        cut.WaitForAssertion(() => Assert.Contains("exactly as in your application", cut.Markup));
        Assert.Equal("Zhou", cut.Find("[data-testid=typed-name]").GetAttribute("value"));
    }

    [Fact]
    public void A_declined_application_shows_the_reasons_in_plain_words()
    {
        applications.View = applications.View! with { State = ApplicationState.Declined, Actions = [], Offer = null, DeclineReasons = [DeclineReason.Affordability] };
        var cut = Render<ApplicationStatus>(p => p.Add(c => c.Id, FakeApplications.Id));
        Assert.Contains("too high for your income", cut.Find("[data-testid=decline-reasons]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=offer]"));
    }
}
