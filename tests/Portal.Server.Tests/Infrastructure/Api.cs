using System.Net.Http.Json;

namespace Portal.Server.Tests.Infrastructure;

public static class Api
{
    /// <summary>What the browser's HttpClient sends with every API call.</summary>
    public static HttpRequestMessage Post<T>(string url, T body) => new(HttpMethod.Post, url)
    {
        Content = JsonContent.Create(body),
        Headers = { { "X-Portal-Csrf", "1" } },
    };

    public static HttpRequestMessage Post(string url) => new(HttpMethod.Post, url) { Headers = { { "X-Portal-Csrf", "1" } } };

    /// <summary>The reasons a 400 gives, by field.</summary>
    public static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<Problem>())!.Errors;

    private sealed record Problem(Dictionary<string, string[]> Errors);
}
