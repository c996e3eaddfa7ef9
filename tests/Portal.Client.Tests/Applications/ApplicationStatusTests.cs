using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Client.Tests.Applications;

public sealed class ApplicationStatusTests : ClientTestContext
{
    private readonly FakeApplications applications = new();

    public ApplicationStatusTests()
    {
        Services.AddSingleton<IApplicationsService>(applications);
        Services.AddSingleton<ICatalogService>(new FakeCatalog(Product()));
    }

    // The confirmation is a MudBlazor dialog, which needs its provider on the page (the layout has it in the app).
    private IRenderedComponent<IComponent> RenderWithDialogs() => Render(b =>
    {
        b.OpenComponent<MudDialogProvider>(0);
        b.CloseComponent();
        b.OpenComponent<ApplicationStatus>(1);
        b.AddAttribute(2, nameof(ApplicationStatus.Id), FakeApplications.Id);
        b.CloseComponent();
    });

    [Fact]
    public void Shows_the_state_what_is_needed_and_the_timeline_in_words()
    {
        applications.View = FakeApplications.NewView(ApplicationState.Submitted,
            draft: new ApplicationDraft { Amount = 50_000m, Months = 24, Method = RepaymentMethod.EqualInstalments },
            actions: [ApplicationAction.Withdraw]) is var v
            ? v with { Timeline = [.. v.Timeline, new TimelineEntry(ApplicationState.Submitted, v.UpdatedAt.AddHours(1), null)] }
            : null;
        var cut = Render<ApplicationStatus>(p => p.Add(c => c.Id, FakeApplications.Id));

        Assert.Equal("Submitted", cut.Find("[data-testid=current-state]").TextContent.Trim());
        Assert.Contains("within 1 working day", cut.Find("[data-testid=next-step]").TextContent);
        var timeline = cut.FindAll("[data-testid=timeline] li");
        Assert.Equal(2, timeline.Count);
        Assert.Contains("Draft (not submitted)", timeline[0].TextContent);
        Assert.Contains("¥50,000.00", cut.Find("[data-testid=status-amount]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=continue-application]"));
    }

    [Fact]
    public void A_draft_offers_to_continue()
    {
        applications.View = FakeApplications.NewView();
        var cut = Render<ApplicationStatus>(p => p.Add(c => c.Id, FakeApplications.Id));

        Assert.Equal($"applications/{FakeApplications.Id}/edit", cut.Find("[data-testid=continue-application]").GetAttribute("href"));
        Assert.Contains("Finish your application", cut.Find("[data-testid=needed-now]").TextContent);
    }

    [Fact]
    public void Withdraw_asks_first_and_does_nothing_when_the_customer_keeps_it()
    {
        applications.View = FakeApplications.NewView();
        var cut = RenderWithDialogs();

        cut.Find("[data-testid=withdraw-application]").Click();

        cut.WaitForAssertion(() => Assert.Contains("cannot be undone", cut.Markup));
        Assert.Empty(applications.Withdrawn);
        cut.FindAll("button").First(b => b.TextContent.Trim() == "Keep it").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("cannot be undone", cut.Markup));
        Assert.Empty(applications.Withdrawn);
    }

    [Fact]
    public void Withdraw_after_confirming_sends_the_stamp_and_says_so()
    {
        applications.View = FakeApplications.NewView();
        var cut = RenderWithDialogs();

        cut.Find("[data-testid=withdraw-application]").Click();
        cut.WaitForAssertion(() => Assert.Contains("cannot be undone", cut.Markup));
        cut.FindAll(".mud-dialog button").Last(b => b.TextContent.Trim() == "Withdraw application").Click();

        cut.WaitForAssertion(() => Assert.Single(applications.Withdrawn));
        Assert.Equal(Guid.Parse("11111111-1111-1111-1111-111111111111"), applications.Withdrawn[0].ConcurrencyStamp);
        cut.WaitForAssertion(() => Assert.Contains("has been withdrawn", cut.Find("[data-testid=status-message]").TextContent));
        Assert.Equal("Withdrawn", cut.Find("[data-testid=current-state]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=withdraw-application]"));
    }
}

public sealed class ApplicationStatusInChineseTests : ClientTestContext
{
    [Fact]
    public void States_and_texts_come_in_simplified_Chinese()
    {
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("zh-Hans");
        Services.AddSingleton<IApplicationsService>(new FakeApplications { View = FakeApplications.NewView(ApplicationState.NeedsInformation) });
        Services.AddSingleton<ICatalogService>(new FakeCatalog(Product()));

        var cut = Render<ApplicationStatus>(p => p.Add(c => c.Id, FakeApplications.Id));

        Assert.Equal("等待您补充信息", cut.Find("[data-testid=current-state]").TextContent.Trim());
        Assert.Contains("继续填写申请", cut.Find("[data-testid=continue-application]").TextContent);
    }
}
