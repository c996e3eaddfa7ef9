using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Client.Features.Catalog;
using Portal.Client.Features.Promotions;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Client.Tests.Promotions;

public sealed class PromotionPagesTests : ClientTestContext
{
    [Fact]
    public async Task The_calculator_prices_with_and_without_a_promotion()
    {
        var promotion = FakePromotions.View(benefit: new PromotionBenefit(PromotionKind.RateDiscount, 50));
        var cut = Render<Calculator>(p => p.Add(c => c.Product, Product()).Add(c => c.Promotions, [promotion]));
        Assert.Empty(cut.FindAll("[data-testid=calc-without]"));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<int?>>().Instance.ValueChanged.InvokeAsync(promotion.Id));

        var fees = Product().Fees;
        var with = LoanQuote.For(new LoanTerms(50_000m, 9.1m, 24, RepaymentMethod.EqualInstalments, Today, fees), RateRegime.CN);
        var without = LoanQuote.For(new LoanTerms(50_000m, 9.6m, 24, RepaymentMethod.EqualInstalments, Today, fees), RateRegime.CN);
        cut.WaitForAssertion(() => Assert.Equal(Display.Percent(with.AnnualRatePercent), cut.Find("[data-testid=calc-apr]").TextContent));
        var line = cut.Find("[data-testid=calc-without]").TextContent;
        Assert.Contains(Display.Percent(without.AnnualRatePercent), line);
        Assert.Contains(Display.Money(without.Schedule.TotalToRepay - with.Schedule.TotalToRepay, "CNY"), line);
    }

    [Fact]
    public void A_fee_waiver_takes_the_fee_out_of_the_figures()
    {
        var promotion = FakePromotions.View(benefit: new PromotionBenefit(PromotionKind.FeeWaiver, WaivedFeeCode: "arrangement"));
        var waived = promotion.Benefit.ApplyTo(Product());
        Assert.Empty(waived.Fees);
        Assert.Equal(Product().Rates, waived.Rates);
        Assert.True(waived.ExampleQuote().AnnualRatePercent < Product().ExampleQuote().AnnualRatePercent);
        // A discount never takes a rate below zero.
        Assert.Equal(0m, new PromotionBenefit(PromotionKind.RateDiscount, 2000).ApplyTo(Product()).RateFor(RiskGrade.A));
    }

    [Fact]
    public void A_signed_in_customer_signs_up_on_the_promotion_page()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("customer@demo.portal");
        auth.SetPolicies(Permissions.ApplyForLoans);
        var promotion = FakePromotions.View();
        Promotions.Open.Add(promotion);

        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true)); // the page holds the "contact me" form
        var cut = Render<PromotionPage>(p => p.Add(c => c.Slug, promotion.Slug));
        Assert.Contains("<strong>off</strong>", cut.Find("[data-testid=promotion-description]").InnerHtml);
        Assert.Contains("60 places left", cut.Find("[data-testid=places-left]").TextContent);
        cut.Find("[data-testid=sign-up]").Click();

        cut.WaitForAssertion(() => Assert.Contains("You signed up", cut.Find("[data-testid=signed-up]").TextContent));
        Assert.Equal([promotion.Slug], Promotions.SignedUp);
    }

    [Fact]
    public void A_visitor_is_asked_to_sign_in_and_an_empty_list_says_where_to_look()
    {
        AddAuthorization().SetNotAuthorized();
        var promotion = FakePromotions.View();
        Promotions.Open.Add(promotion);
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true)); // the page holds the "contact me" form
        var page = Render<PromotionPage>(p => p.Add(c => c.Slug, promotion.Slug));
        Assert.Empty(page.FindAll("[data-testid=sign-up]"));
        Assert.Contains("Sign in to sign up", page.Markup);

        Promotions.Open.Clear();
        var list = Render<PromotionList>();
        Assert.Contains("no promotions open right now", list.Markup);
        Assert.NotEmpty(list.FindAll("a[href=products]"));
    }

    [Fact]
    public void My_promotions_shows_what_is_held_and_records_the_email_choice()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("customer@demo.portal");
        auth.SetPolicies(Permissions.ApplyForLoans);
        Promotions.Mine.Add(FakePromotions.View() with { SignedUpAt = DateTimeOffset.UnixEpoch, UsedOn = "HB-ABCDEFGH" });

        var cut = Render<MyPromotions>();
        Assert.Contains("HB-ABCDEFGH", cut.Find("[data-testid=held-promotion]").TextContent);
        Assert.Contains("have not asked", cut.Find("[data-testid=marketing-changed]").TextContent);

        cut.Find("[data-testid=marketing-switch] input, input[data-testid=marketing-switch]").Change(true);
        cut.WaitForAssertion(() => Assert.Contains("You opted in", cut.Find("[data-testid=marketing-changed]").TextContent));
        Assert.True(Promotions.Preference.OptedIn);
    }
}
