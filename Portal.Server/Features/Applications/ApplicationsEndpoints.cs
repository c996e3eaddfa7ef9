using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Server.Features.Documents;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Documents;
using Portal.Shared.Features.Applications;
using Portal.Shared.Security;

namespace Portal.Server.Features.Applications;

public static class ApplicationsEndpoints
{
    public static IEndpointRouteBuilder MapApplicationsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/applications").WithTags("Applications").RequireCsrfHeader()
            .RequireAuthorization(Permissions.ApplyForLoans);

        api.MapPost("/", async (StartApplication request, IApplicationsService applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.StartAsync(request, ct)))
            .WithSummary("Start (or resume) a draft application for a published product");

        api.MapGet("/", async (IApplicationsService applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.ListMineAsync(ct)))
            .WithSummary("The caller's applications, newest first");

        api.MapGet("/{id:guid}", async Task<Results<Ok<ApplicationView>, NotFound>> (Guid id, IApplicationsService applications, CancellationToken ct) =>
            await applications.GetMineAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("One of the caller's applications with its timeline");

        api.MapPost("/{id:guid}/draft", async (Guid id, SaveDraft request, IApplicationsService applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.SaveDraftAsync(id, request, ct)))
            .WithSummary("Save a step of a draft, or of an application that needs information");

        api.MapPost("/{id:guid}/submit", async (Guid id, ApplicationCommand request, IApplicationsService applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.SubmitAsync(id, request, ct)))
            .WithSummary("Submit a complete application (or send the requested information)");

        api.MapPost("/{id:guid}/withdraw", async (Guid id, ApplicationCommand request, IApplicationsService applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.WithdrawAsync(id, request, ct)))
            .WithSummary("Withdraw an application before a decision");

        api.MapPost("/{id:guid}/accept", async (Guid id, ApplicationCommand request, IApplicationsService applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.AcceptOfferAsync(id, request, ct)))
            .WithSummary("Accept the offer; the contract is written in the caller's language");

        api.MapGet("/{id:guid}/contract", async Task<Results<Ok<ContractView>, NotFound>> (Guid id, IApplicationsService applications, CancellationToken ct) =>
            await applications.GetContractAsync(id, ct) is { } contract ? TypedResults.Ok(contract) : TypedResults.NotFound())
            .WithSummary("The contract text and its SHA-256");

        api.MapPost("/{id:guid}/sign", async (Guid id, SignContract request, IApplicationsService applications, CancellationToken ct) =>
            TypedResults.Ok(await applications.SignAsync(id, request, ct)))
            .WithSummary("Sign the contract with the typed full name");

        api.MapGet("/{id:guid}/contract.pdf", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, ApplicationsService applications, CancellationToken ct) =>
            await applications.GetSignedContractPdfAsync(id, ct) is { } pdf
                ? TypedResults.File(pdf, "application/pdf", "contract.pdf")
                : TypedResults.NotFound())
            .WithSummary("The signed contract as a PDF");

        // Files come as multipart forms from our own script (the CSRF header proves it), not from Razor forms.
        api.MapPost("/{id:guid}/documents", async (Guid id, [FromForm] string kind, IFormFile file, IApplicationsService applications, CancellationToken ct) =>
            {
                await using var content = file.OpenReadStream();
                return TypedResults.Ok(await applications.UploadDocumentAsync(id, kind, file.FileName, content, ct));
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(DocumentRules.MaxBytes + 64 * 1024))
            .WithSummary("Upload a required document (PDF, JPEG or PNG, at most 10 MB)");

        api.MapGet("/{id:guid}/documents/{documentId:guid}", async Task<IResult> (Guid id, Guid documentId, ApplicationsService applications,
                DocumentStore store, HttpContext http, CancellationToken ct) =>
            await applications.FindMyDocumentAsync(id, documentId, ct) is { } d ? DocumentFiles.Download(await store.OpenAsync(d.StorageName, ct), d, http) : TypedResults.NotFound())
            .WithSummary("Download one of the caller's documents");

        return app;
    }
}
