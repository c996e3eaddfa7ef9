using System.Net;
using System.Net.Http.Json;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Promotions;

/// <summary>
/// Promotion texts in English and Chinese (issue 14.5): readers get their language, silently the other one where it is
/// not written; marketing sees what is missing and may add it to a published promotion, never change what is written.
/// </summary>
[Collection(nameof(PortalCollection))]
public sealed class BilingualPromotionTests(PortalFactory app)
{
    private const string Staff = "/api/staff/promotions";

    private HttpClient Reader(string language)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private async Task<PromotionView> Read(string slug, string language) =>
        (await Reader(language).GetFromJsonAsync<PromotionView>($"/api/promotions/{slug}"))!;

    private async Task<HttpClient> Marketing(string language = "en")
    {
        var client = await app.SignedInAsync(Roles.Marketing);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private async Task<PromotionEdit> NewEdit(Action<PromotionEdit> change)
    {
        var product = (await app.CreateClient().GetFromJsonAsync<ProductDetails>("/api/catalog/products/everyday-personal-loan"))!;
        var edit = new PromotionEdit
        {
            Title = "Autumn gift", Slug = "bilingual-" + Guid.NewGuid().ToString("N")[..10], Summary = "A gift with loans of {MinAmount} or more.",
            Terms = "Loans of at least {MinAmount}.", DescriptionHtml = "<p>From <strong>{MinAmount}</strong>.</p>", Kind = PromotionKind.Gift, Gift = "A tea caddy",
            MinAmount = 20_000m, ProductIds = [product.Id], SignUpFrom = app.Clock.GetUtcNow().AddDays(-1), SignUpUntil = app.Clock.GetUtcNow().AddDays(30),
        };
        change(edit);
        return edit;
    }

    [Fact]
    public async Task A_Chinese_reader_gets_the_Chinese_title_summary_description_terms_and_gift()
    {
        var zh = await Read("business-no-arrangement-fee", "zh-CN");
        Assert.Equal("助力成长：免收手续费", zh.Title);
        Assert.Equal("企业借款¥50,000.00及以上，免收贷款手续费。", zh.Summary);
        Assert.Equal("<p>创业及小微企业贷款金额达¥50,000.00及以上的，免收<strong>贷款手续费</strong>。</p>", zh.DescriptionHtml);
        Assert.Equal("适用于金额不低于¥50,000.00的贷款。免收手续费，其他各项费用按已披露的标准收取。", zh.Terms);
        Assert.Equal("创业及小微企业贷款", Assert.Single(zh.Products).Name);

        var en = await Read("business-no-arrangement-fee", "en");
        Assert.Equal("Borrow ¥50,000.00 or more for your business and pay no arrangement fee.", en.Summary);
        Assert.Equal("Loans of at least ¥50,000.00. The arrangement fee is waived; every other fee applies as disclosed.", en.Terms);

        Assert.Equal("翡翠茶馆茶具一套", (await Read("spring-tea-gift", "zh-CN")).Benefit.Gift);
        Assert.Equal("A Jade Tea House tea set", (await Read("spring-tea-gift", "en")).Benefit.Gift);
        // The list of open promotions (the badges on product pages) speaks the reader's language too.
        var open = (await Reader("zh-CN").GetFromJsonAsync<List<PromotionView>>("/api/promotions"))!;
        Assert.Contains(open, p => p.Title == "新客专享：利率直降1个百分点");
    }

    [Fact]
    public async Task Both_languages_saved_by_marketing_come_back_as_written()
    {
        var marketing = await Marketing();
        var edit = await NewEdit(e =>
        {
            e.TitleZh = "秋季礼品";
            e.SummaryZh = "借款{MinAmount}及以上即赠礼品。";
            e.DescriptionHtmlZh = "<p><strong>{MinAmount}</strong>起。</p><script>alert(1)</script>";
            e.TermsZh = "贷款金额不低于{MinAmount}。";
            e.GiftZh = "茶叶罐一个";
        });

        var saved = await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post(Staff, edit)));

        Assert.Equal(("Autumn gift", "秋季礼品"), (saved.Title, saved.TitleZh));
        Assert.Equal("借款{MinAmount}及以上即赠礼品。", saved.SummaryZh);
        Assert.Equal("<p><strong>{MinAmount}</strong>起。</p>", saved.DescriptionHtmlZh); // sanitized like the English
        Assert.Equal("贷款金额不低于{MinAmount}。", saved.TermsZh);
        Assert.Equal(("A tea caddy", "茶叶罐一个"), (saved.Gift, saved.GiftZh));
        Assert.Empty(saved.MissingChinese());
        Assert.Equal(saved.TitleZh, (await Applicants.Read<PromotionEdit>(await marketing.GetAsync($"{Staff}/{saved.Id}"))).TitleZh);
    }

    [Fact]
    public async Task Missing_Chinese_falls_back_to_English_and_can_be_added_after_publishing_but_never_changed()
    {
        var marketing = await Marketing();
        var draft = await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post(Staff, await NewEdit(e => e.TermsZh = "贷款金额不低于{MinAmount}。"))));
        var published = await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post($"{Staff}/{draft.Id}/publish", new PromotionStamp(draft.ConcurrencyStamp))));

        var zh = await Read(published.Slug, "zh-CN");
        Assert.Equal("Autumn gift", zh.Title);
        Assert.Equal("A gift with loans of ¥20,000.00 or more.", zh.Summary);
        Assert.Equal("<p>From <strong>¥20,000.00</strong>.</p>", zh.DescriptionHtml);
        Assert.Equal("贷款金额不低于¥20,000.00。", zh.Terms);
        Assert.Equal("A tea caddy", zh.Benefit.Gift);
        var row = (await marketing.GetFromJsonAsync<List<PromotionRow>>(Staff))!.Single(r => r.Id == published.Id);
        Assert.Equal(["Title", "Summary", "DescriptionHtml", "Gift"], row.MissingChinese);

        // The English (and the rest of the terms) stay as published; missing Chinese may be added.
        var translation = PromotionTranslation.From(published);
        translation.TitleZh = "秋季礼品";
        translation.GiftZh = "茶叶罐一个";
        var translated = await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post($"{Staff}/{published.Id}/translation", translation)));
        Assert.Equal(("秋季礼品", "茶叶罐一个"), (translated.TitleZh, translated.GiftZh));
        Assert.Equal(["Summary", "DescriptionHtml"], translated.MissingChinese());
        zh = await Read(published.Slug, "zh-CN");
        Assert.Equal(("秋季礼品", "茶叶罐一个"), (zh.Title, zh.Benefit.Gift));
        Assert.Equal("Autumn gift", (await Read(published.Slug, "en")).Title);

        // Chinese already written is part of the published terms: changing it is refused, as is a stale stamp.
        var change = PromotionTranslation.From(translated);
        change.TermsZh = "贷款金额不低于{MinAmount}，另有条件。";
        var refused = await marketing.SendAsync(Api.Post($"{Staff}/{published.Id}/translation", change));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var stale = PromotionTranslation.From(published);
        stale.SummaryZh = "借款即赠礼品。";
        Assert.Equal(HttpStatusCode.Conflict, (await marketing.SendAsync(Api.Post($"{Staff}/{published.Id}/translation", stale))).StatusCode);
        Assert.Equal("贷款金额不低于¥20,000.00。", (await Read(published.Slug, "zh-CN")).Terms);
        // And the whole promotion still cannot be saved again.
        Assert.Equal(HttpStatusCode.Conflict, (await marketing.SendAsync(Api.Post(Staff, translated))).StatusCode);
    }

    [Fact]
    public async Task MinAmount_in_a_promotion_without_a_minimum_amount_is_refused()
    {
        var marketing = await Marketing();
        var refused = await marketing.SendAsync(Api.Post(Staff, await NewEdit(e =>
        {
            e.MinAmount = null;
            e.SummaryZh = "借款{MinAmount}起。";
        })));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(nameof(PromotionEdit.SummaryZh), (await Api.ErrorsAsync(refused)).Keys);
    }
}
