namespace Portal.Shared.Features.Applications;

/// <summary>
/// A customer's own applications (SPEC 2.3, 2.4). Every method acts only on the caller's applications:
/// another customer's id answers as if it did not exist.
/// </summary>
public interface IApplicationsService
{
    /// <summary>Starts a draft for a published product, under the product's current version.</summary>
    Task<ApplicationView> StartAsync(StartApplication request, CancellationToken ct = default);

    Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default);

    Task<ApplicationView?> GetMineAsync(Guid id, CancellationToken ct = default);

    /// <summary>Saves a step of a draft (or of an application that needs information). Fields are checked for form, not completeness.</summary>
    Task<ApplicationView> SaveDraftAsync(Guid id, SaveDraft request, CancellationToken ct = default);

    /// <summary>Checks everything against the product version and submits, or refuses with what is missing.</summary>
    Task<ApplicationView> SubmitAsync(Guid id, ApplicationCommand request, CancellationToken ct = default);

    /// <summary>Withdraws an application that has no decision yet.</summary>
    Task<ApplicationView> WithdrawAsync(Guid id, ApplicationCommand request, CancellationToken ct = default);

    /// <summary>Adds a file for one of the product's required documents (checked by content and size); it replaces the earlier one of that kind.</summary>
    Task<ApplicationView> UploadDocumentAsync(Guid id, string kind, string fileName, Stream content, CancellationToken ct = default);

    /// <summary>Accepts the offer while it is valid; the contract is written then, in the customer's language.</summary>
    Task<ApplicationView> AcceptOfferAsync(Guid id, ApplicationCommand request, CancellationToken ct = default);

    /// <summary>The contract to read and sign (null before the offer is accepted).</summary>
    Task<ContractView?> GetContractAsync(Guid id, CancellationToken ct = default);

    /// <summary>Signs with the typed full name, consent and the hash of the text read.</summary>
    Task<ApplicationView> SignAsync(Guid id, SignContract request, CancellationToken ct = default);
}
