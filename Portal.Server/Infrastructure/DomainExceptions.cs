namespace Portal.Server.Infrastructure;

// Services throw these; ProblemDetailsExceptionHandler turns them into 400/403/404/409 in one place.

public sealed class NotFoundException(string message) : Exception(message);

public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The thing changed under the caller (stale version, another person's decision).</summary>
public sealed class ConflictException(string message) : Exception(message);

public sealed class DomainValidationException(IReadOnlyDictionary<string, string[]> errors, string? message = null)
    : Exception(message ?? Portal.Shared.Resources.SharedText.InvalidInformation)
{
    public DomainValidationException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
