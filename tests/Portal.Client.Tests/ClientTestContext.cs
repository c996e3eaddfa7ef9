using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Client.Tests;

/// <summary>bUnit with MudBlazor and the real resources; products are priced on a pinned date.</summary>
public abstract class ClientTestContext : BunitContext, IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 11, 29);

    internal readonly FakeMessages Messages = new();
    internal readonly FakeFeedback Feedback = new();
    internal readonly FakePromotions Promotions = new();
    /// <summary>The "contact me" form is on product and promotion pages.</summary>
    internal readonly Prospects.FakeProspects ProspectRequests = new();

    protected ClientTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton<Portal.Shared.Features.Messages.IMessagesService>(Messages);
        Services.AddSingleton<Portal.Shared.Features.Feedback.IFeedbackService>(Feedback);
        Services.AddSingleton<Portal.Shared.Features.Promotions.IPromotionsService>(Promotions);
        Services.AddSingleton<Portal.Shared.Features.Promotions.IPromotionsAdminService>(Promotions);
        Services.AddSingleton<Portal.Shared.Features.Prospects.IProspectsService>(ProspectRequests);
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("en");
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public static ProductDetails Product(IReadOnlyList<Fee>? fees = null) => new(
        1, 1, "everyday-personal-loan", "Everyday Personal Loan", ProductKind.PersonalConsumer, "Summary", "Description",
        5_000m, 200_000m, 6, 60, [RepaymentMethod.EqualInstalments, RepaymentMethod.EqualPrincipal],
        [new(RiskGrade.A, 7.2m), new(RiskGrade.B, 9.6m), new(RiskGrade.C, 12.5m), new(RiskGrade.D, null), new(RiskGrade.E, null)],
        fees ?? [new Fee("arrangement", FeeKind.Upfront, PercentOfPrincipal: 1m, CapAmount: 1_000m)],
        new Eligibility(18, 65, 4_000m, 0, true), ["National ID card"],
        new RepresentativeExample(50_000m, 24, RepaymentMethod.EqualInstalments, RiskGrade.B, 9.6m),
        RateRegime.CN, "CNY", Today);
}
