using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;

namespace Portal.Client.Tests.Applications;

/// <summary>A stand-in for the applications service: one application, remembering every call.</summary>
internal sealed class FakeApplications : IApplicationsService
{
    public ApplicationView? View;
    public List<ApplicationSummary> Mine = [];
    public readonly List<SaveDraft> Saved = [];
    public readonly List<ApplicationCommand> Submitted = [];
    public readonly List<ApplicationCommand> Withdrawn = [];
    public Exception? SaveFails;
    /// <summary>What a save answers with what was sent; by default the same view with the draft and a new stamp.</summary>
    public Func<ApplicationView, SaveDraft, ApplicationView> AfterSave = (view, save) => view with { Draft = Copy(save.Draft), ConcurrencyStamp = Guid.NewGuid() };

    public static readonly Guid Id = Guid.Parse("7d0c5f0e-3a43-4a8e-9b63-0f6d1f4b2a11");

    public static ApplicationView NewView(ApplicationState state = ApplicationState.Draft, ApplicationDraft? draft = null,
        IReadOnlyDictionary<string, string>? missing = null, IReadOnlyList<ApplicationAction>? actions = null) => new(
        Id, "HB-2026-000123", "everyday-personal-loan", "Everyday Personal Loan", 1, ApplicantType.Individual, state,
        draft ?? new ApplicationDraft(), null,
        [new TimelineEntry(ApplicationState.Draft, new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero), null)],
        actions ?? [ApplicationAction.Submit, ApplicationAction.Withdraw],
        missing ?? new Dictionary<string, string> { ["Amount"] = "Choose an amount." },
        new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero), Guid.Parse("11111111-1111-1111-1111-111111111111"), ClientTestContext.Product());

    private static ApplicationDraft Copy(ApplicationDraft d) =>
        System.Text.Json.JsonSerializer.Deserialize<ApplicationDraft>(System.Text.Json.JsonSerializer.Serialize(d))!;

    public Task<ApplicationView> StartAsync(StartApplication request, CancellationToken ct = default) => Task.FromResult(View!);
    public Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ApplicationSummary>>(Mine);
    public Task<ApplicationView?> GetMineAsync(Guid id, CancellationToken ct = default) => Task.FromResult(id == View?.Id ? View : null);

    public Task<ApplicationView> SaveDraftAsync(Guid id, SaveDraft request, CancellationToken ct = default)
    {
        Saved.Add(new SaveDraft(Copy(request.Draft), request.ConcurrencyStamp));
        if (SaveFails is not null) throw SaveFails;
        View = AfterSave(View!, request);
        return Task.FromResult(View);
    }

    public Task<ApplicationView> SubmitAsync(Guid id, ApplicationCommand request, CancellationToken ct = default)
    {
        Submitted.Add(request);
        View = View! with { State = ApplicationState.Submitted };
        return Task.FromResult(View);
    }

    public Task<ApplicationView> WithdrawAsync(Guid id, ApplicationCommand request, CancellationToken ct = default)
    {
        Withdrawn.Add(request);
        View = View! with { State = ApplicationState.Withdrawn, Actions = [] };
        return Task.FromResult(View);
    }

    public readonly List<(string Kind, string FileName, byte[] Content)> Uploaded = [];
    public Exception? UploadFails { get; set; }

    public async Task<ApplicationView> UploadDocumentAsync(Guid id, string kind, string fileName, Stream content, CancellationToken ct = default)
    {
        var bytes = new MemoryStream();
        await content.CopyToAsync(bytes, ct);
        Uploaded.Add((kind, fileName, bytes.ToArray()));
        if (UploadFails is not null) throw UploadFails;
        var document = new Portal.Shared.Features.Documents.DocumentView(Guid.NewGuid(), kind, fileName, "application/pdf", bytes.Length, new string('b', 64),
            new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero), Portal.Shared.Features.Documents.DocumentStatus.Pending, null, null);
        View = View! with
        {
            Documents = [document, .. View.Documents.Select(d => d.Kind == kind ? d with { Status = Portal.Shared.Features.Documents.DocumentStatus.Replaced } : d)],
            MissingForSubmit = View.MissingForSubmit.Where(m => m.Key != "Document:" + kind).ToDictionary(),
        };
        return View;
    }

    public readonly List<ApplicationCommand> Accepted = [];
    public readonly List<SignContract> Signed = [];
    public ContractView Contract = new("Harbour Bridge Credit — Loan contract HB-2026-000123\n1. The loan", new string('a', 64));
    public Exception? SignFails;

    public Task<ApplicationView> AcceptOfferAsync(Guid id, ApplicationCommand request, CancellationToken ct = default)
    {
        Accepted.Add(request);
        View = View! with { State = ApplicationState.OfferAccepted, Actions = [ApplicationAction.SignContract], ConcurrencyStamp = Guid.NewGuid() };
        return Task.FromResult(View);
    }

    public Task<ContractView?> GetContractAsync(Guid id, CancellationToken ct = default) => Task.FromResult<ContractView?>(Contract);

    public Task<ApplicationView> SignAsync(Guid id, SignContract request, CancellationToken ct = default)
    {
        Signed.Add(request);
        if (SignFails is not null) throw SignFails;
        View = View! with
        {
            State = ApplicationState.ContractSigned, Actions = [],
            Signature = new SignatureInfo(request.TypedName, new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero), request.ContractSha256),
        };
        return Task.FromResult(View);
    }
}

/// <summary>A catalog that publishes the one test product.</summary>
internal sealed class FakeCatalog(ProductDetails? product) : ICatalogService
{
    public Task<IReadOnlyList<ProductSummary>> ListPublishedAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProductSummary>>([]);
    public Task<ProductDetails?> GetPublishedAsync(string slug, CancellationToken ct = default) => Task.FromResult(product?.Slug == slug ? product : null);
    public Task<IReadOnlyList<ProductAdminRow>> ListForStaffAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ProductAdminRow>>([]);
    public Task<ProductEdit?> GetForEditAsync(int id, CancellationToken ct = default) => Task.FromResult<ProductEdit?>(null);
    public Task<ProductAdminRow> SaveAsync(ProductEdit p, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ProductAdminRow> SetPublishedAsync(int id, bool published, Guid stamp, CancellationToken ct = default) => throw new NotSupportedException();
}
