namespace Portal.Server.Tests.Infrastructure;

/// <summary>
/// The browser app's typed client of an API (Portal.Client's <c>*HttpClient</c>) over a test's signed-in client: the
/// tests then call the endpoints exactly as the pages do, query strings and all.
/// </summary>
public static class ClientApi
{
    public static TClient Of<TClient>(HttpClient http) where TClient : class
    {
        // What Portal.Client's ApiHeaders adds to every call; added to the test's client for good, as the browser app sends
        // them on every call (a test of a missing header uses a client of its own).
        if (!http.DefaultRequestHeaders.Contains("X-Portal-Csrf"))
        {
            http.DefaultRequestHeaders.Add("X-Portal-Csrf", "1");
            http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        }
        return (TClient)Activator.CreateInstance(typeof(TClient), http)!;
    }
}
