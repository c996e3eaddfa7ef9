using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;

namespace Portal.Client.Tests.Applications;

public sealed class ApplyPageTests : ClientTestContext
{
    private sealed class CountingApplications(FakeApplications inner, Exception? fails = null) : IApplicationsService
    {
        public int Starts;
        public Task<ApplicationView> StartAsync(StartApplication request, CancellationToken ct = default)
        {
            Starts++;
            return fails is null ? inner.StartAsync(request, ct) : throw fails;
        }
        public Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default) => inner.ListMineAsync(ct);
        public Task<ApplicationView?> GetMineAsync(Guid id, CancellationToken ct = default) => inner.GetMineAsync(id, ct);
        public Task<ApplicationView> SaveDraftAsync(Guid id, SaveDraft request, CancellationToken ct = default) => inner.SaveDraftAsync(id, request, ct);
        public Task<ApplicationView> SubmitAsync(Guid id, ApplicationCommand request, CancellationToken ct = default) => inner.SubmitAsync(id, request, ct);
        public Task<ApplicationView> WithdrawAsync(Guid id, ApplicationCommand request, CancellationToken ct = default) => inner.WithdrawAsync(id, request, ct);
        public Task<ApplicationView> UploadDocumentAsync(Guid id, string kind, string fileName, Stream content, CancellationToken ct = default) => inner.UploadDocumentAsync(id, kind, fileName, content, ct);
        public Task<ApplicationView> AcceptOfferAsync(Guid id, ApplicationCommand request, CancellationToken ct = default) => inner.AcceptOfferAsync(id, request, ct);
        public Task<ContractView?> GetContractAsync(Guid id, CancellationToken ct = default) => inner.GetContractAsync(id, ct);
        public Task<ApplicationView> SignAsync(Guid id, SignContract request, CancellationToken ct = default) => inner.SignAsync(id, request, ct);
    }

    [Fact]
    public void Prerendering_only_shows_progress_and_starts_nothing()
    {
        var service = new CountingApplications(new FakeApplications { View = FakeApplications.NewView() });
        Services.AddSingleton<IApplicationsService>(service);
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<ApplyPage>(p => p.Add(c => c.Slug, "everyday-personal-loan"));

        Assert.Equal(0, service.Starts);
        Assert.Contains("Preparing your application", cut.Find("[role=status]").TextContent);
    }

    [Fact]
    public void In_the_browser_it_starts_once_and_replaces_itself_with_the_wizard()
    {
        var service = new CountingApplications(new FakeApplications { View = FakeApplications.NewView() });
        Services.AddSingleton<IApplicationsService>(service);
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
        var navigation = Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>();

        Render<ApplyPage>(p => p.Add(c => c.Slug, "everyday-personal-loan"));

        Assert.Equal(1, service.Starts);
        Assert.EndsWith($"applications/{FakeApplications.Id}/edit", navigation.Uri);
        Assert.True(navigation.History.Last().Options.ReplaceHistoryEntry);
    }

    [Fact]
    public void A_product_not_open_for_applications_says_so_with_a_way_back()
    {
        Services.AddSingleton<IApplicationsService>(new CountingApplications(new FakeApplications(),
            new ApiProblemException(HttpStatusCode.BadRequest, "That product is not open for applications.", new Dictionary<string, string[]>())));
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));

        var cut = Render<ApplyPage>(p => p.Add(c => c.Slug, "old-loan"));

        cut.WaitForAssertion(() => Assert.Contains("not open for applications", cut.Find("[data-testid=apply-error]").TextContent));
        Assert.Contains(cut.FindAll("a"), a => a.GetAttribute("href") == "products");
    }
}
