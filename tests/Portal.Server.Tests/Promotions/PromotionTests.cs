using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Features.Promotions;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Server.Tests.Loans;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Promotions;

/// <summary>Promotions (SPEC 2.7): marketing's editing and publishing, sign-ups within capacity, the benefit in the price, marketing email.</summary>
[Collection(nameof(PortalCollection))]
public sealed class PromotionTests(PortalFactory app)
{
    private const string Staff = "/api/staff/promotions";

    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private async Task<int> ProductIdAsync(string slug) =>
        (await Applicants.Read<ProductDetails>(await app.CreateClient().GetAsync($"/api/catalog/products/{slug}"))).Id;

    private async Task<PromotionEdit> DraftAsync(HttpClient marketing, Action<PromotionEdit>? change = null, params string[] products)
    {
        var edit = new PromotionEdit
        {
            Title = "Autumn offer", Slug = "autumn-" + Guid.NewGuid().ToString("N")[..10], Summary = "Half a point off.", Terms = "While places last.",
            DescriptionHtml = "<p>Half a point <strong>off</strong>.</p>", Kind = PromotionKind.RateDiscount, DiscountBasisPoints = 50,
            SignUpFrom = app.Clock.GetUtcNow().AddDays(-1), SignUpUntil = app.Clock.GetUtcNow().AddDays(30),
        };
        foreach (var slug in products.DefaultIfEmpty("everyday-personal-loan")) edit.ProductIds.Add(await ProductIdAsync(slug));
        change?.Invoke(edit);
        return await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post(Staff, edit)));
    }

    private async Task<PromotionEdit> PublishedAsync(Action<PromotionEdit>? change = null, params string[] products)
    {
        var marketing = await Borrowers.StaffAsync(app, "marketing@demo.portal");
        var draft = await DraftAsync(marketing, change, products);
        return await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post($"{Staff}/{draft.Id}/publish", new PromotionStamp(draft.ConcurrencyStamp))));
    }

    [Fact]
    public async Task Only_marketing_edits_promotions()
    {
        var marketing = await Borrowers.StaffAsync(app, "marketing@demo.portal");
        var draft = await DraftAsync(marketing);
        foreach (var role in new[] { Roles.Customer, Roles.ProductManager, Roles.Supervisor, Roles.Administrator })
        {
            var other = await app.SignedInAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(Staff)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync(Api.Post(Staff, new PromotionEdit { Title = "x" }))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync(Api.Post($"{Staff}/{draft.Id}/publish", new PromotionStamp(draft.ConcurrencyStamp)))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync(Api.Post($"{Staff}/{draft.Id}/email"))).StatusCode);
        }
        var anonymous = app.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Staff)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Api.Post($"/api/promotions/welcome-rate/sign-up"))).StatusCode);
        // A draft is nobody's business but marketing's.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/promotions/{draft.Slug}")).StatusCode);
    }

    [Fact]
    public async Task Marketing_publishes_a_sanitized_promotion_and_ends_it()
    {
        var marketing = await Borrowers.StaffAsync(app, "marketing@demo.portal");
        var draft = await DraftAsync(marketing, e =>
        {
            e.DescriptionHtml = "<h3>Save</h3><p onclick=\"steal()\">Half a <em>point</em> off.<script>alert(1)</script></p>"
                + "<a href=\"javascript:alert(1)\">bad</a> <a href=\"https://example.com/terms\">terms</a><img src=x onerror=alert(1)><iframe src=\"https://evil\"></iframe>";
        });
        Assert.Equal(PromotionPhase.Draft, draft.Phase);
        Assert.DoesNotContain("script", draft.DescriptionHtml);
        Assert.DoesNotContain("onclick", draft.DescriptionHtml);
        Assert.DoesNotContain("javascript:", draft.DescriptionHtml);
        Assert.DoesNotContain("<img", draft.DescriptionHtml);
        Assert.DoesNotContain("iframe", draft.DescriptionHtml);
        Assert.Contains("<h3>Save</h3>", draft.DescriptionHtml);
        Assert.Contains("<em>point</em>", draft.DescriptionHtml);
        Assert.Contains("href=\"https://example.com/terms\" rel=\"noopener noreferrer nofollow\"", draft.DescriptionHtml);

        // Careless input: every problem named by its field.
        var careless = await marketing.SendAsync(Api.Post(Staff, new PromotionEdit
        {
            Title = "x", Slug = "Not A Slug", Kind = PromotionKind.FeeWaiver, SignUpFrom = app.Clock.GetUtcNow(), SignUpUntil = app.Clock.GetUtcNow().AddDays(-1),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, careless.StatusCode);
        var errors = (await Api.ErrorsAsync(careless));
        Assert.Contains(nameof(PromotionEdit.Title), errors.Keys);
        Assert.Contains(nameof(PromotionEdit.Slug), errors.Keys);
        Assert.Contains(nameof(PromotionEdit.Summary), errors.Keys);
        Assert.Contains(nameof(PromotionEdit.Terms), errors.Keys);
        // A fee the product does not charge cannot be waived.
        var noSuchFee = await marketing.SendAsync(Api.Post(Staff, new PromotionEdit
        {
            Title = "No fee", Slug = "no-fee-" + Guid.NewGuid().ToString("N")[..8], Summary = "s", Terms = "t", Kind = PromotionKind.FeeWaiver, WaivedFeeCode = "account-service",
            ProductIds = [await ProductIdAsync("everyday-personal-loan")], SignUpFrom = app.Clock.GetUtcNow(), SignUpUntil = app.Clock.GetUtcNow().AddDays(5),
        }));
        Assert.Contains(nameof(PromotionEdit.WaivedFeeCode), (await Api.ErrorsAsync(noSuchFee)).Keys);

        // A stale stamp is refused; the right one publishes.
        Assert.Equal(HttpStatusCode.Conflict, (await marketing.SendAsync(Api.Post($"{Staff}/{draft.Id}/publish", new PromotionStamp(Guid.NewGuid())))).StatusCode);
        var published = await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post($"{Staff}/{draft.Id}/publish", new PromotionStamp(draft.ConcurrencyStamp))));
        Assert.Equal(PromotionPhase.Open, published.Phase);
        Assert.Equal(HttpStatusCode.Conflict, (await marketing.SendAsync(Api.Post(Staff, published))).StatusCode);

        var visitor = app.CreateBrowserlessClient();
        Assert.Contains(await Applicants.Read<List<PromotionView>>(await visitor.GetAsync("/api/promotions")), p => p.Slug == draft.Slug);
        var page = await Applicants.Read<PromotionView>(await visitor.GetAsync($"/api/promotions/{draft.Slug}"));
        Assert.Equal(published.DescriptionHtml, page.DescriptionHtml);
        Assert.Equal(["everyday-personal-loan"], page.Products.Select(p => p.Slug));
        Assert.Equal(1, (await Applicants.Read<PromotionEdit>(await marketing.GetAsync($"{Staff}/{draft.Id}"))).Stats!.Views);

        var ended = await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Api.Post($"{Staff}/{draft.Id}/end", new PromotionStamp(published.ConcurrencyStamp))));
        Assert.Equal(PromotionPhase.Ended, ended.Phase);
        Assert.DoesNotContain(await Applicants.Read<List<PromotionView>>(await visitor.GetAsync("/api/promotions")), p => p.Slug == draft.Slug);
        var customer = await app.SignedInAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.Conflict, (await customer.SendAsync(Api.Post($"/api/promotions/{draft.Slug}/sign-up"))).StatusCode);
    }

    [Fact]
    public async Task The_image_is_checked_by_its_content()
    {
        var marketing = await Borrowers.StaffAsync(app, "marketing@demo.portal");
        var draft = await DraftAsync(marketing);
        HttpRequestMessage Upload(byte[] bytes, string name) => new(HttpMethod.Post, $"{Staff}/{draft.Id}/image")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } },
            Headers = { { "X-Portal-Csrf", "1" } },
        };
        var exe = await marketing.SendAsync(Upload([(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0], "banner.png"));
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        var pdf = await marketing.SendAsync(Upload(Applicants.Pdf, "banner.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        var tooLarge = await marketing.SendAsync(Upload([.. Png, .. new byte[PromotionsAdminService.MaxImageBytes]], "huge.png"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);

        var withImage = await Applicants.Read<PromotionEdit>(await marketing.SendAsync(Upload(Png, "banner.png")));
        Assert.True(withImage.HasImage);
        // Not shown to anyone before it is published.
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/promotions/{draft.Slug}/image")).StatusCode);
        await marketing.SendAsync(Api.Post($"{Staff}/{draft.Id}/publish", new PromotionStamp(withImage.ConcurrencyStamp)));
        var image = await app.CreateClient().GetAsync($"/api/promotions/{draft.Slug}/image");
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await image.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Concurrent_sign_ups_never_exceed_the_capacity()
    {
        var promotion = await PublishedAsync(e => e.Capacity = 5);
        var customers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => app.SignedInAsync(Roles.Customer)));
        var answers = await Task.WhenAll(customers.Select(c => c.SendAsync(Api.Post($"/api/promotions/{promotion.Slug}/sign-up"))));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));

        // The same customer twice at once holds one place.
        var twice = await PublishedAsync(e => e.Capacity = 3);
        var eager = await app.SignedInAsync(Roles.Customer);
        var both = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => eager.SendAsync(Api.Post($"/api/promotions/{twice.Slug}/sign-up"))));
        Assert.All(both, b => Assert.Equal(HttpStatusCode.OK, b.StatusCode));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(5, await db.Set<PromotionSignUp>().CountAsync(s => s.PromotionId == promotion.Id));
        Assert.Equal(5, (await db.Set<Promotion>().SingleAsync(p => p.Id == promotion.Id)).SignUps);
        Assert.Equal(1, await db.Set<PromotionSignUp>().CountAsync(s => s.PromotionId == twice.Id));
        Assert.Equal(1, (await db.Set<Promotion>().SingleAsync(p => p.Id == twice.Id)).SignUps);

        var mine = await Applicants.Read<List<PromotionView>>(await eager.GetAsync("/api/me/promotions"));
        Assert.Equal(twice.Id, Assert.Single(mine).Id);
        Assert.NotNull(mine[0].SignedUpAt);
        Assert.Empty(await Applicants.Read<List<PromotionView>>(await (await app.SignedInAsync(Roles.Customer)).GetAsync("/api/me/promotions")));
    }

    [Fact]
    public async Task A_rate_discount_is_in_the_offer_the_contract_and_the_loan()
    {
        var promotion = await PublishedAsync(e => e.DiscountBasisPoints = 100);
        var (customer, _, loan) = await Borrowers.DisbursedAsync(app, 12_000m, 12, promotion: promotion.Slug);
        var application = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{loan.ApplicationId}"));
        var product = await Applicants.Read<ProductDetails>(await app.CreateClient().GetAsync("/api/catalog/products/everyday-personal-loan"));
        var listed = product.RateFor(application.Offer!.Grade)!.Value;

        Assert.Equal(promotion.Id, application.Promotion!.Id);
        Assert.Equal(listed - 1m, application.Offer.RatePercent);
        Assert.Equal(listed - 1m, loan.RatePercent);
        // The APR comes from the same engine on the discounted rate, and is lower than without the promotion.
        var with = application.Offer.Quote(application.Product);
        var without = product.Quote(application.Offer.Amount, application.Offer.Months, application.Offer.Method, listed);
        Assert.True(with.AnnualRatePercent < without.AnnualRatePercent);
        Assert.True(with.Schedule.TotalInterest < without.Schedule.TotalInterest);
        Assert.Equal(with.Schedule.Rows.Select(r => (r.Principal, r.Interest)), loan.Schedule.Select(r => (r.Principal, r.Interest)));

        var stats = (await Applicants.Read<PromotionEdit>(await (await Borrowers.StaffAsync(app, "marketing@demo.portal")).GetAsync($"{Staff}/{promotion.Id}"))).Stats!;
        Assert.Equal((1, 1, 1, 1, 12_000m), (stats.SignUps, stats.Applications, stats.Approvals, stats.Disbursed, stats.AmountDisbursed));
    }

    [Fact]
    public async Task A_waived_fee_is_never_charged_on_the_loan()
    {
        var promotion = await PublishedAsync(e => { e.Kind = PromotionKind.FeeWaiver; e.WaivedFeeCode = "arrangement"; });
        var (_, _, loan) = await Borrowers.DisbursedAsync(app, 12_000m, 12, promotion: promotion.Slug);
        // The arrangement fee (1%, deducted from the payout) is waived: the whole principal is paid out.
        Assert.Equal(loan.Principal, loan.PaidOut);
        var (_, _, plain) = await Borrowers.DisbursedAsync(app, 12_000m, 12);
        Assert.Equal(plain.Principal - 120m, plain.PaidOut);
    }

    [Fact]
    public async Task A_promotion_applies_only_where_its_conditions_hold()
    {
        var newOnly = await PublishedAsync(e => { e.NewCustomersOnly = true; e.MinAmount = 20_000m; });
        var (borrower, _, _) = await Borrowers.DisbursedAsync(app);
        var refused = await borrower.SendAsync(Api.Post($"/api/promotions/{newOnly.Slug}/sign-up"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var customer = await app.SignedInAsync(Roles.Customer);
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var answers = Applicants.Complete(draft.Draft, 10_000m, 12);
        answers.PromotionId = newOnly.Id;
        // Not signed up: refused at once, by field.
        var notHeld = await customer.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/draft", new SaveDraft(answers, draft.ConcurrencyStamp)));
        Assert.Equal(HttpStatusCode.BadRequest, notHeld.StatusCode);
        Assert.Contains(nameof(ApplicationDraft.PromotionId), (await Api.ErrorsAsync(notHeld)).Keys);

        await customer.SendAsync(Api.Post($"/api/promotions/{newOnly.Slug}/sign-up"));
        var saved = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/draft", new SaveDraft(answers, draft.ConcurrencyStamp))));
        saved = await Applicants.UploadAllAsync(customer, saved);
        // Below the promotion's minimum: submitting says so, on the promotion's field.
        Assert.Contains(nameof(ApplicationDraft.PromotionId), saved.MissingForSubmit.Keys);
        var tooSmall = await customer.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/submit", new ApplicationCommand(saved.ConcurrencyStamp)));
        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.StatusCode);

        answers.Amount = 20_000m;
        saved = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/draft", new SaveDraft(answers, saved.ConcurrencyStamp))));
        Assert.Empty(saved.MissingForSubmit);
        Assert.Equal(newOnly.Id, saved.Promotion!.Id);

        // Another product cannot use it, nor can a second application while this one is live.
        var other = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("salary-advance"))));
        var elsewhere = Applicants.Complete(other.Draft, 5_000m, 6);
        elsewhere.PromotionId = newOnly.Id;
        var wrongProduct = await customer.SendAsync(Api.Post($"{Applicants.Api}/{other.Id}/draft", new SaveDraft(elsewhere, other.ConcurrencyStamp)));
        Assert.Equal(HttpStatusCode.BadRequest, wrongProduct.StatusCode);
    }

    [Fact]
    public async Task Promotion_emails_go_only_to_those_who_opted_in_and_unsubscribe_needs_no_sign_in()
    {
        var promotion = await PublishedAsync();
        var inEmail = await app.CreateUserAsync(Roles.Customer);
        var optedIn = await Borrowers.CustomerAgainAsync(app, inEmail);
        var outEmail = await app.CreateUserAsync(Roles.Customer);
        var never = await Borrowers.CustomerAgainAsync(app, outEmail);

        var before = await Applicants.Read<MarketingPreference>(await never.GetAsync("/api/me/marketing"));
        Assert.Equal((false, null), (before.OptedIn, before.ChangedAt));
        var choice = await Applicants.Read<MarketingPreference>(await optedIn.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/me/marketing")
        {
            Content = JsonContent.Create(new MarketingChoice(true)), Headers = { { "X-Portal-Csrf", "1" } },
        }));
        Assert.True(choice.OptedIn);
        Assert.Equal(app.Clock.GetUtcNow(), choice.ChangedAt!.Value, TimeSpan.FromMilliseconds(1));

        var marketing = await Borrowers.StaffAsync(app, "marketing@demo.portal");
        var first = await marketing.SendAsync(Api.Post($"{Staff}/{promotion.Id}/email"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await app.DeliverMailAsync();
        var mail = Directory.GetFiles(app.MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        var sent = Assert.Single(mail, m => m.To.ToString().Contains(inEmail) && m.Subject == promotion.Title);
        Assert.DoesNotContain(mail, m => m.To.ToString().Contains(outEmail));
        Assert.Equal("List-Unsubscribe=One-Click", sent.Headers["List-Unsubscribe-Post"]);
        Assert.NotNull(sent.Headers["List-Unsubscribe"]);
        var oneClick = sent.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.StartsWith(PortalFactory.PublicBaseUrl + "api/marketing/unsubscribe?token=", oneClick);
        Assert.Contains(PortalFactory.PublicBaseUrl + "unsubscribe?token=", sent.TextBody);

        // Pressing send again emails nobody twice.
        Assert.True((await first.Content.ReadFromJsonAsync<EmailResult>())!.Queued >= 1);
        Assert.Equal(0, (await (await marketing.SendAsync(Api.Post($"{Staff}/{promotion.Id}/email"))).Content.ReadFromJsonAsync<EmailResult>())!.Queued);

        // A forged or altered token does nothing; the real one opts out without any sign-in, as a mail app posts it.
        var anonymous = app.CreateBrowserlessClient();
        var path = new Uri(oneClick).PathAndQuery;
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync(path[..^4] + "AAAA", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync("/api/marketing/unsubscribe?token=nonsense", null)).StatusCode);
        Assert.True((await optedIn.GetFromJsonAsync<MarketingPreference>("/api/me/marketing"))!.OptedIn);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode);
        Assert.False((await optedIn.GetFromJsonAsync<MarketingPreference>("/api/me/marketing"))!.OptedIn);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = await app.UserIdAsync(inEmail);
        Assert.Equal([(true, "preferences"), (false, "unsubscribe-link")],
            (await db.Set<MarketingConsentChange>().Where(c => c.UserId == id).OrderBy(c => c.Id).ToListAsync()).Select(c => (c.OptIn, c.Source)));
    }

    [Fact]
    public async Task An_offer_below_the_promotions_minimum_is_refused_to_the_approver()
    {
        var promotion = await PublishedAsync(e => e.MinAmount = 10_000m);
        var (_, _, id) = await Borrowers.PendingApprovalAsync(app, 12_000m, 12, promotion.Slug);
        var approver = await Borrowers.StaffAsync(app, "approver@demo.portal");
        var stamp = (await Applicants.Read<Portal.Shared.Features.Casework.CaseView>(await approver.GetAsync($"/api/staff/applications/{id}"))).ConcurrencyStamp;
        var less = await approver.SendAsync(Api.Post($"/api/staff/applications/{id}/approve", new Portal.Shared.Features.Casework.ApproveCase(8_000m, null, null, stamp)));
        Assert.Equal(HttpStatusCode.BadRequest, less.StatusCode);
        Assert.Contains("Amount", (await Api.ErrorsAsync(less)).Keys);
        Assert.Equal(HttpStatusCode.OK, (await approver.SendAsync(Api.Post($"/api/staff/applications/{id}/approve", new Portal.Shared.Features.Casework.ApproveCase(10_000m, null, null, stamp)))).StatusCode);
    }

    [Fact]
    public async Task The_applications_marketing_box_opts_in_once_and_a_later_opt_out_stands()
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var answers = Applicants.Complete(draft.Draft);
        answers.ConsentMarketing = true;
        var saved = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/draft", new SaveDraft(answers, draft.ConcurrencyStamp))));
        Assert.True((await customer.GetFromJsonAsync<MarketingPreference>("/api/me/marketing"))!.OptedIn);

        // Opting out afterwards is not undone by submitting the application that still has the box ticked.
        await customer.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/me/marketing") { Content = JsonContent.Create(new MarketingChoice(false)), Headers = { { "X-Portal-Csrf", "1" } } });
        saved = await Applicants.UploadAllAsync(customer, saved);
        Assert.Equal(HttpStatusCode.OK, (await customer.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/submit", new ApplicationCommand(saved.ConcurrencyStamp)))).StatusCode);
        Assert.False((await customer.GetFromJsonAsync<MarketingPreference>("/api/me/marketing"))!.OptedIn);
    }

    private sealed record EmailResult(int Queued);

}
