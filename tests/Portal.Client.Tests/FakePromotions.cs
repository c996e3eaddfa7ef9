using Portal.Shared.Features.Promotions;

namespace Portal.Client.Tests;

/// <summary>No promotions unless a test adds some; remembers sign-ups and the marketing choice.</summary>
internal sealed class FakePromotions : IPromotionsService, IPromotionsAdminService
{
    public List<PromotionView> Open = [];
    public List<PromotionView> Mine = [];
    public MarketingPreference Preference = new(false, null);
    public readonly List<string> SignedUp = [];

    /// <summary>For the marketing pages: the products to choose from, the promotion being edited, the translations sent.</summary>
    public List<PromotionProductChoice> Choices = [];
    public PromotionEdit? Editing;
    public readonly List<PromotionTranslation> Translations = [];
    public readonly List<PromotionEdit> Saved = [];

    public static PromotionView View(int id = 7, PromotionBenefit? benefit = null, string product = "everyday-personal-loan") => new(
        id, $"promo-{id}", $"Promotion {id}", "Half a point off.", "<p>Half a point <strong>off</strong>.</p>", "While places last.",
        benefit ?? new PromotionBenefit(PromotionKind.RateDiscount, 50), [new PromotionProduct(1, product, "Everyday Personal Loan")],
        false, null, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero),
        100, 40, PromotionPhase.Open, false, "CNY");

    public Task<IReadOnlyList<PromotionView>> ListOpenAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<PromotionView>>(Open);
    public Task<PromotionView?> GetAsync(string slug, CancellationToken ct = default) => Task.FromResult(Open.Concat(Mine).FirstOrDefault(p => p.Slug == slug));

    public Task<PromotionView> SignUpAsync(string slug, CancellationToken ct = default)
    {
        SignedUp.Add(slug);
        var joined = Open.First(p => p.Slug == slug) with { SignedUpAt = DateTimeOffset.UnixEpoch };
        Mine.Add(joined);
        return Task.FromResult(joined);
    }

    public Task<IReadOnlyList<PromotionView>> MineAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<PromotionView>>(Mine);
    public Task<MarketingPreference> MarketingAsync(CancellationToken ct = default) => Task.FromResult(Preference);

    public Task<MarketingPreference> SetMarketingAsync(bool optIn, CancellationToken ct = default) =>
        Task.FromResult(Preference = new MarketingPreference(optIn, new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero)));

    public Task UnsubscribeAsync(string token, CancellationToken ct = default) => Task.CompletedTask;
    public Task<IReadOnlyList<PromotionRow>> ListAllAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<PromotionProductChoice>> ProductChoicesAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<PromotionProductChoice>>(Choices);
    public Task<PromotionEdit> GetForEditAsync(int id, CancellationToken ct = default) =>
        Editing?.Id == id ? Task.FromResult(Editing) : throw new ApiProblemException(System.Net.HttpStatusCode.NotFound, "Not found", new Dictionary<string, string[]>());
    public Task<PromotionEdit> SaveAsync(PromotionEdit edit, CancellationToken ct = default)
    {
        Saved.Add(edit);
        return Task.FromResult(edit);
    }
    public Task<PromotionEdit> UploadImageAsync(int id, Stream content, string fileName, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<PromotionEdit> PublishAsync(int id, Guid stamp, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<PromotionEdit> EndAsync(int id, Guid stamp, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<PromotionEdit> TranslateAsync(int id, PromotionTranslation translation, CancellationToken ct = default)
    {
        Translations.Add(translation);
        Editing!.TitleZh = translation.TitleZh;
        return Task.FromResult(Editing);
    }
    public Task<int> EmailOptedInAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
}
