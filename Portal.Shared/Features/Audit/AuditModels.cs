using System.ComponentModel.DataAnnotations;

namespace Portal.Shared.Features.Audit;

/// <summary>A page of the audit log, newest first. Filters are optional; <see cref="Before"/> is the last id of the previous page.</summary>
public sealed record AuditQuery
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>The start of the actor's name.</summary>
    [StringLength(100)]
    public string? Actor { get; init; }
    [StringLength(40)]
    public string? Action { get; init; }
    /// <summary>An application's reference ("HB-…") or a loan's ("LN-…").</summary>
    [StringLength(20)]
    public string? Reference { get; init; }
    public long? Before { get; init; }
    [Range(1, 200)]
    public int PageSize { get; init; } = 50;
}

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string SubjectId, string? Reference, string? Before, string? After);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, long? Next);

/// <summary>The audit log, read-only (SPEC 2.5): supervisors and administrators.</summary>
public interface IAuditService
{
    Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken ct = default);
}
