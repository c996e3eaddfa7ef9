using System.Net.Http.Headers;

namespace Portal.Client;

/// <summary>Marks our API calls as coming from our own script (the server refuses changes without it).</summary>
internal sealed class ApiHeaders : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Add("X-Portal-Csrf", "1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return base.SendAsync(request, ct);
    }
}
