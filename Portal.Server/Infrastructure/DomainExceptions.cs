using System.ComponentModel.DataAnnotations;

namespace Portal.Server.Infrastructure;

// Services throw these (and Portal.Shared.NotFoundException); ProblemDetailsExceptionHandler turns them into 400/403/404/409/503 in one place.

public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The thing changed under the caller (stale version, another person's decision).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>Something the request needs (the virus scanner) cannot be reached now; nothing was changed, so try again later.</summary>
public sealed class UnavailableException(string message) : Exception(message);

public sealed class DomainValidationException(IReadOnlyDictionary<string, string[]> errors, string? message = null)
    : Exception(message ?? Portal.Shared.Resources.SharedText.InvalidInformation)
{
    public DomainValidationException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>
    /// Checks the validation attributes of every model (the same ones the browser's forms use), adds
    /// the caller's own findings, and throws if anything is wrong, keyed by field ("" for the whole).
    /// </summary>
    public static void ThrowIfInvalid(IEnumerable<object> models, IEnumerable<ValidationResult>? more = null)
    {
        var results = new List<ValidationResult>();
        foreach (var model in models) Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        results.AddRange(more ?? []);
        if (results.Count == 0) return;
        throw new DomainValidationException(results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(field => (field, message: r.ErrorMessage ?? Portal.Shared.Resources.SharedText.InvalidInformation)))
            .GroupBy(e => e.field, e => e.message)
            .ToDictionary(g => g.Key, g => g.ToArray()));
    }
}
