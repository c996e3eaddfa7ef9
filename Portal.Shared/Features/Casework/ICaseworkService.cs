namespace Portal.Shared.Features.Casework;

/// <summary>
/// Staff handling of one application (SPEC 2.5). Every method checks the caller's permission, the state
/// machine and what the transition requires, and writes the change, its timeline entry and its audit
/// entry in one transaction. A stale stamp is refused with the name of whoever acted meanwhile.
/// </summary>
public interface ICaseworkService
{
    Task<CaseView?> GetAsync(Guid id, CancellationToken ct = default);

    Task<CaseView> AssignAsync(Guid id, AssignCase request, CancellationToken ct = default);
    Task<CaseView> StartReviewAsync(Guid id, CaseCommand request, CancellationToken ct = default);
    Task<CaseView> AcceptDocumentAsync(Guid id, Guid documentId, CaseCommand request, CancellationToken ct = default);
    Task<CaseView> RejectDocumentAsync(Guid id, Guid documentId, RejectDocument request, CancellationToken ct = default);
    Task<CaseView> VerifyIdentityAsync(Guid id, CaseCommand request, CancellationToken ct = default);
    Task<CaseView> RequestInformationAsync(Guid id, RequestInformation request, CancellationToken ct = default);
    Task<CaseView> ForwardToRiskAsync(Guid id, CaseCommand request, CancellationToken ct = default);
    Task<CaseView> SubmitAssessmentAsync(Guid id, SubmitAssessment request, CancellationToken ct = default);
    Task<CaseView> ApproveAsync(Guid id, ApproveCase request, CancellationToken ct = default);
    Task<CaseView> DeclineAsync(Guid id, DeclineCase request, CancellationToken ct = default);
    Task<CaseView> SendBackAsync(Guid id, SendBack request, CancellationToken ct = default);
    Task<CaseView> DisburseAsync(Guid id, DisburseCase request, CancellationToken ct = default);
    Task<CaseView> AddNoteAsync(Guid id, AddNote request, CancellationToken ct = default);
}

/// <summary>The work queue (SPEC 2.5): the cases staff may see, what waits for whom, and who works them with what authority.</summary>
public interface IWorkQueueService
{
    Task<QueuePage> QueueAsync(QueueQuery query, CancellationToken ct = default);
    /// <summary>What waits for the caller's roles, with counts, for the staff home.</summary>
    Task<IReadOnlyList<WaitingWork>> WaitingAsync(CancellationToken ct = default);
    /// <summary>Staff who work cases, for assignment.</summary>
    Task<IReadOnlyList<StaffMember>> StaffAsync(CancellationToken ct = default);

    /// <summary>Administrators set each approver's authority limit (null: may not approve).</summary>
    Task<StaffMember> SetApprovalLimitAsync(string userId, ApprovalLimit request, CancellationToken ct = default);
}
