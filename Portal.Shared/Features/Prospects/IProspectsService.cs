namespace Portal.Shared.Features.Prospects;

/// <summary>Customer development (SPEC 2.9): prospects, their screening and every contact with them.</summary>
public interface IProspectsService
{
    /// <summary>A visitor asks a customer manager to contact them (anonymous).</summary>
    Task AskToBeContactedAsync(ContactMeRequest request, CancellationToken ct = default);

    /// <summary>The caller's follow-ups due and overdue, and the prospects newly assigned to them.</summary>
    Task<TodayView> TodayAsync(CancellationToken ct = default);
    Task<ProspectPage> ListAsync(ProspectQuery query, CancellationToken ct = default);
    Task<ProspectView> GetAsync(Guid id, CancellationToken ct = default);
    /// <summary>Prospects that an entry would duplicate (same phone, email or registration number), before it is saved.</summary>
    Task<IReadOnlyList<ProspectMatch>> MatchesAsync(ProspectEdit prospect, CancellationToken ct = default);
    Task<ProspectView> CreateAsync(ProspectEdit prospect, CancellationToken ct = default);
    Task<ProspectView> UpdateAsync(Guid id, ProspectEdit prospect, CancellationToken ct = default);
    Task<ProspectView> AssignAsync(Guid id, AssignProspect request, CancellationToken ct = default);
    Task<AssignmentSummary> AssignTargetsAsync(AssignTargets request, CancellationToken ct = default);
    Task<ProspectView> LogContactAsync(Guid id, LogContact contact, CancellationToken ct = default);
    Task<ProspectView> StopContactAsync(Guid id, StopContact request, CancellationToken ct = default);
    Task<ProspectView> ResumeContactAsync(Guid id, ResumeContact request, CancellationToken ct = default);
    Task<ProspectView> MergeAsync(Guid id, MergeProspects request, CancellationToken ct = default);
    Task<IReadOnlyList<ProspectOwnerOption>> OwnersAsync(CancellationToken ct = default);
    Task<IReadOnlyList<string>> RegionsAsync(CancellationToken ct = default);
}

/// <summary>Screening criteria (supervisors and product managers) and their set-based run over prospects.</summary>
public interface IScreeningService
{
    Task<IReadOnlyList<ScreeningCriteriaView>> CriteriaAsync(CancellationToken ct = default);
    Task<ScreeningCriteriaView> SaveCriteriaAsync(int? id, ScreeningCriteriaEdit criteria, CancellationToken ct = default);
    Task<ScreeningSummary> ScreenAsync(RunScreening run, CancellationToken ct = default);
}
