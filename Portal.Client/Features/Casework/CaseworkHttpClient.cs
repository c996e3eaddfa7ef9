using System.Net;
using System.Net.Http.Json;
using Portal.Shared.Features.Casework;

namespace Portal.Client.Features.Casework;

internal sealed class CaseworkHttpClient(HttpClient http) : ICaseworkService
{
    private const string Api = "api/staff/applications";

    public async Task<CaseView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var response = await http.GetAsync($"{Api}/{id}", ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.ReadAsync<CaseView>(ct);
    }

    private async Task<CaseView> Post<T>(Guid id, string action, T body, CancellationToken ct) =>
        await (await http.PostAsJsonAsync($"{Api}/{id}/{action}", body, ct)).ReadAsync<CaseView>(ct);

    public Task<CaseView> AssignAsync(Guid id, AssignCase request, CancellationToken ct = default) => Post(id, "assign", request, ct);
    public Task<CaseView> StartReviewAsync(Guid id, CaseCommand request, CancellationToken ct = default) => Post(id, "start-review", request, ct);
    public Task<CaseView> AcceptDocumentAsync(Guid id, Guid documentId, CaseCommand request, CancellationToken ct = default) => Post(id, $"documents/{documentId}/accept", request, ct);
    public Task<CaseView> RejectDocumentAsync(Guid id, Guid documentId, RejectDocument request, CancellationToken ct = default) => Post(id, $"documents/{documentId}/reject", request, ct);
    public Task<CaseView> VerifyIdentityAsync(Guid id, CaseCommand request, CancellationToken ct = default) => Post(id, "verify-identity", request, ct);
    public Task<CaseView> RequestInformationAsync(Guid id, RequestInformation request, CancellationToken ct = default) => Post(id, "request-information", request, ct);
    public Task<CaseView> ForwardToRiskAsync(Guid id, CaseCommand request, CancellationToken ct = default) => Post(id, "forward-to-risk", request, ct);
    public Task<CaseView> SubmitAssessmentAsync(Guid id, SubmitAssessment request, CancellationToken ct = default) => Post(id, "assess", request, ct);
    public Task<CaseView> ApproveAsync(Guid id, ApproveCase request, CancellationToken ct = default) => Post(id, "approve", request, ct);
    public Task<CaseView> DeclineAsync(Guid id, DeclineCase request, CancellationToken ct = default) => Post(id, "decline", request, ct);
    public Task<CaseView> SendBackAsync(Guid id, SendBack request, CancellationToken ct = default) => Post(id, "send-back", request, ct);
    public Task<CaseView> DisburseAsync(Guid id, DisburseCase request, CancellationToken ct = default) => Post(id, "disburse", request, ct);
    public Task<CaseView> AddNoteAsync(Guid id, AddNote request, CancellationToken ct = default) => Post(id, "notes", request, ct);
}
