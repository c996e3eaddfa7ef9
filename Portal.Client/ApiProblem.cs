using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Portal.Client;

/// <summary>An API refusal, carrying the server's ProblemDetails in words the page can show.</summary>
public sealed class ApiProblemException(HttpStatusCode status, string message, IReadOnlyDictionary<string, string[]> errors)
    : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>What to show: the reasons given per field when there are any, else the message.</summary>
    public string Explanation => Errors.Count > 0 ? string.Join(" ", Errors.SelectMany(x => x.Value)) : Message;
}

internal static class ApiResponses
{
    private sealed record Problem(
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("detail")] string? Detail,
        [property: JsonPropertyName("errors")] Dictionary<string, string[]>? Errors);

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, CancellationToken ct)
    {
        await response.EnsureOkAsync(ct);
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }

    public static async Task EnsureOkAsync(this HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        Problem? problem = null;
        try { problem = await response.Content.ReadFromJsonAsync<Problem>(ct); }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException) { }
        var message = problem?.Detail ?? problem?.Title ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "Please sign in again.",
            HttpStatusCode.Forbidden => "You do not have permission to do this.",
            HttpStatusCode.NotFound => "It no longer exists.",
            _ => "Something went wrong. Please try again.",
        };
        throw new ApiProblemException(response.StatusCode, message, problem?.Errors ?? []);
    }
}

/// <summary>How a page loading something by id knows it is not there (or not the reader's) and shows the not-found page.</summary>
public static class PageErrors
{
    /// <summary>Rendered on the server the service throws <see cref="Portal.Shared.NotFoundException"/>; in the browser the API answers 404.</summary>
    public static bool IsNotFound(this Exception e) => e is Portal.Shared.NotFoundException or ApiProblemException { Status: HttpStatusCode.NotFound };
}
