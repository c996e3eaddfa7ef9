using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Server.Features.Documents;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Casework;
using Portal.Shared.Security;

namespace Portal.Server.Features.Casework;

/// <summary>The staff API over applications. The group admits staff; each action's permission, state and four eyes are the service's to check.</summary>
public static class CaseworkEndpoints
{
    public static IEndpointRouteBuilder MapCaseworkEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/applications").WithTags("Casework").RequireCsrfHeader()
            .RequireAuthorization(Permissions.StaffArea);

        api.MapGet("/", async ([AsParameters] QueueQueryParameters query, IWorkQueueService queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.QueueAsync(query.ToQuery(), ct)))
            .WithSummary("The work queue: filtered, sorted, keyset-paged");

        api.MapGet("/waiting", async (IWorkQueueService queue, CancellationToken ct) => TypedResults.Ok(await queue.WaitingAsync(ct)))
            .WithSummary("What waits for the caller's roles, with counts");

        api.MapGet("/staff", async (IWorkQueueService queue, CancellationToken ct) => TypedResults.Ok(await queue.StaffAsync(ct)))
            .WithSummary("Staff a case can be assigned to");

        api.MapGet("/{id:guid}", async Task<Results<Ok<CaseView>, NotFound>> (Guid id, ICaseworkService casework, CancellationToken ct) =>
            await casework.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("One case with the caller's possible actions");

        api.MapGet("/{id:guid}/contract.pdf", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, CaseworkService casework, CancellationToken ct) =>
            await casework.GetSignedContractPdfAsync(id, ct) is { } pdf ? TypedResults.File(pdf, "application/pdf", "contract.pdf") : TypedResults.NotFound())
            .WithSummary("The signed contract of a case as a PDF");

        api.MapGet("/{id:guid}/documents/{documentId:guid}", async Task<IResult> (Guid id, Guid documentId, CaseworkService casework, DocumentStore store,
                HttpContext http, CancellationToken ct) =>
            await casework.FindDocumentAsync(id, documentId, ct) is { } d ? DocumentFiles.Download(await store.OpenAsync(d.StorageName, ct), d, http) : TypedResults.NotFound())
            .WithSummary("Download a document of a case");
        api.MapGet("/{id:guid}/documents/{documentId:guid}/inline", async Task<IResult> (Guid id, Guid documentId, CaseworkService casework, DocumentStore store,
                HttpContext http, CancellationToken ct) =>
            await casework.FindDocumentAsync(id, documentId, ct, preview: true) is { } d ? DocumentFiles.Preview(await store.OpenAsync(d.StorageName, ct), d, http) : TypedResults.NotFound())
            .WithSummary("Show a document of a case inline, for the case page's preview");
        api.MapPost("/{id:guid}/documents/{documentId:guid}/accept", async (Guid id, Guid documentId, CaseCommand request, ICaseworkService casework, CancellationToken ct) =>
            TypedResults.Ok(await casework.AcceptDocumentAsync(id, documentId, request, ct)));
        api.MapPost("/{id:guid}/documents/{documentId:guid}/reject", async (Guid id, Guid documentId, RejectDocument request, ICaseworkService casework, CancellationToken ct) =>
            TypedResults.Ok(await casework.RejectDocumentAsync(id, documentId, request, ct)));

        Action<AssignCase>("assign", (s, id, r, ct) => s.AssignAsync(id, r, ct));
        Action<CaseCommand>("start-review", (s, id, r, ct) => s.StartReviewAsync(id, r, ct));
        Action<CaseCommand>("verify-identity", (s, id, r, ct) => s.VerifyIdentityAsync(id, r, ct));
        Action<RequestInformation>("request-information", (s, id, r, ct) => s.RequestInformationAsync(id, r, ct));
        Action<CaseCommand>("forward-to-risk", (s, id, r, ct) => s.ForwardToRiskAsync(id, r, ct));
        Action<SubmitAssessment>("assess", (s, id, r, ct) => s.SubmitAssessmentAsync(id, r, ct));
        Action<ApproveCase>("approve", (s, id, r, ct) => s.ApproveAsync(id, r, ct));
        Action<DeclineCase>("decline", (s, id, r, ct) => s.DeclineAsync(id, r, ct));
        Action<SendBack>("send-back", (s, id, r, ct) => s.SendBackAsync(id, r, ct));
        Action<DisburseCase>("disburse", (s, id, r, ct) => s.DisburseAsync(id, r, ct));
        Action<AddNote>("notes", (s, id, r, ct) => s.AddNoteAsync(id, r, ct));

        app.MapGroup("/api/staff/approval-limits").WithTags("Casework").RequireCsrfHeader().RequireAuthorization(Permissions.ManageStaff)
            .MapPut("/{userId}", async (string userId, ApprovalLimit request, IWorkQueueService queue, CancellationToken ct) =>
                TypedResults.Ok(await queue.SetApprovalLimitAsync(userId, request, ct)))
            .WithSummary("Set an approver's authority limit");

        return app;

        // A generic parameter's nullability is unknown to the binder, so an empty body would arrive as null: refused here.
        void Action<TRequest>(string name, Func<ICaseworkService, Guid, TRequest, CancellationToken, Task<CaseView>> act) where TRequest : class =>
            api.MapPost($"/{{id:guid}}/{name}", async (Guid id, TRequest? request, ICaseworkService casework, CancellationToken ct) =>
                TypedResults.Ok(await act(casework, id, request ?? throw new BadHttpRequestException("The request body is missing."), ct)));
    }

    /// <summary>The queue's query string, bound field by field.</summary>
    public sealed record QueueQueryParameters(
        [FromQuery] Portal.Shared.Features.Applications.ApplicationState? State, [FromQuery] bool? OpenOnly, [FromQuery] string? Product,
        [FromQuery] string? Assignee, [FromQuery] int? MinAgeDays, [FromQuery] string? Search, [FromQuery] QueueSort? Sort,
        [FromQuery] string? After, [FromQuery] int? PageSize, [FromQuery] bool? WithinMyLimit)
    {
        public QueueQuery ToQuery() => new()
        {
            State = State, OpenOnly = OpenOnly ?? true, Product = Product, Assignee = Assignee, MinAgeDays = MinAgeDays,
            Search = Search, Sort = Sort ?? QueueSort.OldestFirst, After = After, PageSize = PageSize ?? 25,
            WithinMyLimit = WithinMyLimit ?? false,
        };
    }
}
