using Portal.Client.Features.Promotions.Staff;
using Portal.Shared.Features.Promotions;
using static Portal.Client.Tests.Catalog.ProductEditorTests;

namespace Portal.Client.Tests.Promotions;

public sealed class PromotionEditorTests : ClientTestContext
{
    private PromotionEdit Published() => new()
    {
        Id = 4, Phase = PromotionPhase.Open, ConcurrencyStamp = Guid.NewGuid(), Slug = "autumn-gift", Kind = PromotionKind.Gift,
        Title = "Autumn gift", TitleZh = "", Summary = "A gift with loans of {MinAmount} or more.", SummaryZh = "借款{MinAmount}及以上即赠礼品。",
        DescriptionHtml = "<p>A gift.</p>", Terms = "While stocks last.", TermsZh = "数量有限，送完即止。", Gift = "A tea caddy", GiftZh = "茶叶罐一个",
        ProductIds = [1], MinAmount = 20_000m, SignUpFrom = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), SignUpUntil = new(2026, 12, 31, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void A_published_promotion_shows_both_languages_marks_missing_Chinese_and_takes_only_that()
    {
        Promotions.Choices = [new PromotionProductChoice(1, "everyday-personal-loan", "Everyday Personal Loan", ["arrangement"])];
        Promotions.Editing = Published();
        var cut = Render<PromotionEditor>(p => p.Add(x => x.Id, 4));

        cut.WaitForAssertion(() => Assert.Equal("Autumn gift", InputByLabel(cut, "Title (English)").GetAttribute("value")));
        Assert.Equal("借款{MinAmount}及以上即赠礼品。", InputByLabel(cut, "Summary (Chinese)").GetAttribute("value"));
        Assert.Equal("茶叶罐一个", InputByLabel(cut, "Gift (Chinese)").GetAttribute("value"));
        Assert.Contains("{MinAmount}", cut.Find("[data-testid=placeholders-help]").TextContent);
        Assert.Contains("No Chinese text yet for: Title, Description.", cut.Find("[data-testid=missing-chinese]").TextContent);

        // Published: the English and the Chinese already written are read-only; the missing Chinese can still be written.
        Assert.True(InputByLabel(cut, "Title (English)").HasAttribute("readonly"));
        Assert.True(InputByLabel(cut, "Summary (Chinese)").HasAttribute("readonly"));
        Assert.False(InputByLabel(cut, "Title (Chinese)").HasAttribute("readonly"));
        Assert.Empty(cut.FindAll("[data-testid=save-promotion]"));

        FillByLabel(cut, "Title (Chinese)", "秋季礼品");
        cut.Find("[data-testid=save-translation]").Click();

        cut.WaitForAssertion(() => Assert.Single(Promotions.Translations));
        Assert.Equal("秋季礼品", Promotions.Translations[0].TitleZh);
        Assert.Equal(Promotions.Editing.ConcurrencyStamp, Promotions.Translations[0].ConcurrencyStamp);
        cut.WaitForAssertion(() => Assert.DoesNotContain("Title,", cut.Find("[data-testid=missing-chinese]").TextContent));
    }

    [Fact]
    public void A_draft_is_saved_with_both_languages_and_a_placeholder_it_cannot_fill_is_refused_before_sending()
    {
        Promotions.Choices = [new PromotionProductChoice(1, "everyday-personal-loan", "Everyday Personal Loan", ["arrangement"])];
        var draft = Published();
        draft.Phase = PromotionPhase.Draft;
        draft.TitleZh = "";
        draft.SummaryZh = "";
        draft.MinAmount = null;
        draft.Summary = "A gift with every loan.";
        Promotions.Editing = draft;
        var cut = Render<PromotionEditor>(p => p.Add(x => x.Id, 4));
        cut.WaitForAssertion(() => Assert.Equal("Autumn gift", InputByLabel(cut, "Title (English)").GetAttribute("value")));
        Assert.False(InputByLabel(cut, "Title (Chinese)").HasAttribute("readonly"));
        Assert.Contains("No Chinese text yet for: Title, Summary, Description.", cut.Find("[data-testid=missing-chinese]").TextContent);

        // {MinAmount} in a promotion without a minimum amount would show as typed: said at the field, nothing sent.
        FillByLabel(cut, "Title (Chinese)", "秋季礼品");
        FillByLabel(cut, "Summary (Chinese)", "借款{MinAmount}起即赠礼品。");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("The texts use {MinAmount}, but the promotion has no minimum amount.", cut.Markup));
        Assert.Empty(Promotions.Saved);

        FillByLabel(cut, "Summary (Chinese)", "借款即赠礼品。");
        FillByLabel(cut, "Description (Chinese)", "<p>赠品一份。</p>");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Single(Promotions.Saved));
        var saved = Promotions.Saved[0];
        Assert.Equal(("Autumn gift", "秋季礼品"), (saved.Title, saved.TitleZh));
        Assert.Equal(("A gift with every loan.", "借款即赠礼品。"), (saved.Summary, saved.SummaryZh));
        Assert.Equal("<p>赠品一份。</p>", saved.DescriptionHtmlZh);
        Assert.Equal(("A tea caddy", "茶叶罐一个"), (saved.Gift, saved.GiftZh));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=missing-chinese]")));
    }
}
