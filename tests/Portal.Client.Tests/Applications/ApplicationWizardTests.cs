using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;

namespace Portal.Client.Tests.Applications;

public sealed class ApplicationWizardTests : ClientTestContext
{
    private readonly FakeApplications applications = new() { View = FakeApplications.NewView() };

    public ApplicationWizardTests()
    {
        Services.AddSingleton<IApplicationsService>(applications);
        Services.AddSingleton<ICatalogService>(new FakeCatalog(Product()));
        // As in the browser once WebAssembly runs (the buttons are disabled while prerendered).
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("WebAssembly", isInteractive: true));
    }

    private IRenderedComponent<ApplicationWizard> RenderWizard() => Render<ApplicationWizard>(p => p.Add(c => c.Id, FakeApplications.Id));

    [Fact]
    public void Opens_on_the_first_step_with_something_missing()
    {
        var cut = RenderWizard();

        Assert.Contains("The loan", cut.Find("#step-heading").TextContent);
        Assert.Equal("step", cut.Find("[data-testid=step-Loan]").GetAttribute("aria-current"));
        Assert.Null(cut.Find("[data-testid=step-Applicant]").GetAttribute("aria-current"));
    }

    [Fact]
    public void The_first_step_prices_the_chosen_loan_at_the_lowest_and_highest_rate()
    {
        applications.View = FakeApplications.NewView(draft: new ApplicationDraft { Method = RepaymentMethod.EqualPrincipal });
        var cut = RenderWizard();
        Assert.NotNull(cut.Find("[data-testid=wizard-price-pending]"));

        cut.Find("input[data-testid=app-amount]").Change("50000");
        cut.Find("input[data-testid=app-months]").Change("24");

        var product = Product();
        var low = product.Quote(50_000m, 24, RepaymentMethod.EqualPrincipal, product.OfferedRates.Min());
        cut.WaitForAssertion(() => Assert.Equal(Display.Percent(low.AnnualRatePercent), cut.Find("[data-testid=wizard-apr-low]").TextContent));
        Assert.Equal(Display.Money(low.Schedule.TotalToRepay, "CNY"), cut.Find("[data-testid=wizard-total-low]").TextContent);
    }

    [Fact]
    public void A_promotion_shown_on_the_product_can_be_joined_in_the_first_step_and_prices_the_application()
    {
        Promotions.Open.Add(FakePromotions.View(7));
        applications.View = FakeApplications.NewView(draft: new ApplicationDraft { Method = RepaymentMethod.EqualPrincipal });
        var cut = RenderWizard();
        cut.Find("input[data-testid=app-amount]").Change("50000");
        cut.Find("input[data-testid=app-months]").Change("24");
        var before = cut.Find("[data-testid=wizard-apr-low]").TextContent;

        cut.Find("[data-testid=join-promo-7]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["promo-7"], Promotions.SignedUp));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=wizard-joinable]")));
        var product = FakePromotions.View(7).Benefit.ApplyTo(Product());
        var low = product.Quote(50_000m, 24, RepaymentMethod.EqualPrincipal, product.OfferedRates.Min());
        Assert.Equal(Display.Percent(low.AnnualRatePercent), cut.Find("[data-testid=wizard-apr-low]").TextContent);
        Assert.NotEqual(before, cut.Find("[data-testid=wizard-apr-low]").TextContent);

        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal(7, Assert.Single(applications.Saved).Draft.PromotionId));
    }

    [Fact]
    public void Next_saves_the_step_with_the_stamp_and_moves_on_keeping_the_new_stamp()
    {
        var cut = RenderWizard();
        cut.Find("input[data-testid=app-amount]").Change("50000");
        cut.Find("input[data-testid=app-months]").Change("24");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("About you", cut.Find("#step-heading").TextContent));
        var saved = Assert.Single(applications.Saved);
        Assert.Equal(50_000m, saved.Draft.Amount);
        Assert.Equal(24, saved.Draft.Months);
        Assert.Equal(Guid.Parse("11111111-1111-1111-1111-111111111111"), saved.ConcurrencyStamp);

        var returnedStamp = applications.View!.ConcurrencyStamp;
        cut.Find("input[data-testid=app-full-name]").Change("Li Wei");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(2, applications.Saved.Count));
        Assert.Equal(returnedStamp, applications.Saved[1].ConcurrencyStamp);
        Assert.Equal("Li Wei", applications.Saved[1].Draft.FullName);
        Assert.Equal(50_000m, applications.Saved[1].Draft.Amount);
    }

    [Fact]
    public void A_refused_step_stays_on_screen_with_what_was_typed_and_the_error_beside_the_field()
    {
        applications.SaveFails = new ApiProblemException(HttpStatusCode.BadRequest, "Some of the information is not valid.",
            new Dictionary<string, string[]> { ["Draft.Amount"] = ["Choose an amount from 5,000 to 200,000, in steps of 100."] });
        var cut = RenderWizard();
        cut.Find("input[data-testid=app-amount]").Change("3000");
        cut.Find("input[data-testid=app-months]").Change("24");

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Some of the information is not valid.", cut.Find("[data-testid=wizard-problem]").TextContent));
        Assert.Single(applications.Saved);
        Assert.Contains("The loan", cut.Find("#step-heading").TextContent);
        Assert.Equal("3000", cut.Find("input[data-testid=app-amount]").GetAttribute("value"));
        Assert.Equal("24", cut.Find("input[data-testid=app-months]").GetAttribute("value"));
        var amountField = cut.Find("input[data-testid=app-amount]").Closest(".mud-input-control")!;
        Assert.Contains("Choose an amount from 5,000 to 200,000", amountField.TextContent);
        Assert.DoesNotContain("Choose an amount from", cut.Find("input[data-testid=app-months]").Closest(".mud-input-control")!.TextContent);
    }

    [Fact]
    public void Errors_for_fields_on_other_steps_are_listed_with_a_way_to_them()
    {
        applications.SaveFails = new ApiProblemException(HttpStatusCode.BadRequest, "Some of the information is not valid.",
            new Dictionary<string, string[]> { ["phone"] = ["Enter a phone number (digits, spaces, + and -)."] });
        var cut = RenderWizard();

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Phone number", cut.Find("[data-testid=wizard-problem]").TextContent));
        Assert.Contains("Enter a phone number", cut.Find("[data-testid=wizard-problem]").TextContent);
    }

    [Fact]
    public void The_review_lists_what_is_missing_and_does_not_allow_submitting()
    {
        applications.View = FakeApplications.NewView(
            draft: new ApplicationDraft { Amount = 50_000m, Months = 24, Method = RepaymentMethod.EqualInstalments },
            missing: new Dictionary<string, string> { ["FullName"] = "Required.", ["ConsentPrivacy"] = "Needed to assess your application." });
        var cut = RenderWizard();

        cut.Find("[data-testid=step-Review]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Review and submit", cut.Find("#step-heading").TextContent));
        var missing = cut.Find("[data-testid=missing-for-submit]");
        Assert.Contains("Full name", cut.Find("[data-testid=missing-FullName]").TextContent);
        Assert.Contains("privacy notice", cut.Find("[data-testid=missing-ConsentPrivacy]").TextContent);
        Assert.Contains("Required.", missing.TextContent);
        Assert.True(cut.Find("[data-testid=submit-application]").HasAttribute("disabled"));

        cut.Find("[data-testid=missing-FullName]").Click();

        cut.WaitForAssertion(() => Assert.Contains("About you", cut.Find("#step-heading").TextContent));
    }

    [Fact]
    public void A_complete_application_is_submitted_and_leads_to_its_status()
    {
        applications.View = FakeApplications.NewView(
            draft: new ApplicationDraft { Amount = 50_000m, Months = 24, Method = RepaymentMethod.EqualInstalments, FullName = "Li Wei" },
            missing: new Dictionary<string, string>());
        var cut = RenderWizard();
        Assert.Contains("Review and submit", cut.Find("#step-heading").TextContent);
        Assert.Contains("Li Wei", cut.Find("[data-testid=draft-summary]").TextContent);

        cut.Find("[data-testid=submit-application]").Click();

        cut.WaitForAssertion(() => Assert.Single(applications.Submitted));
        Assert.EndsWith($"applications/{FakeApplications.Id}", Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>().Uri);
    }

    [Fact]
    public void A_new_draft_opens_on_the_loan_even_though_its_terms_are_prefilled()
    {
        applications.View = FakeApplications.NewView(missing: new Dictionary<string, string> { ["FullName"] = "Required." });
        var cut = RenderWizard();
        Assert.Contains("The loan", cut.Find("#step-heading").TextContent);
    }

    [Fact]
    public void Marketing_consent_is_separate_and_unticked_by_default()
    {
        applications.View = FakeApplications.NewView(missing: new Dictionary<string, string> { ["ConsentPrivacy"] = "Needed." });
        applications.View.Draft.FullName = "Li Wei"; // resumed, not new: it opens where something is missing
        var cut = RenderWizard();

        Assert.Contains("Consents", cut.Find("#step-heading").TextContent);
        Assert.False(cut.Find("input[data-testid=app-consent-marketing]").HasAttribute("checked"));
        Assert.Equal(2, cut.FindAll("fieldset legend").Count);
    }

    [Fact]
    public void A_submitted_application_is_shown_read_only_with_a_link_to_its_status()
    {
        applications.View = FakeApplications.NewView(ApplicationState.Submitted, missing: new Dictionary<string, string>());
        var cut = RenderWizard();

        Assert.NotNull(cut.Find("[data-testid=wizard-read-only]"));
        Assert.Empty(cut.FindAll("form"));
        Assert.Contains(cut.FindAll("a"), a => a.GetAttribute("href") == $"applications/{FakeApplications.Id}");
    }
}
