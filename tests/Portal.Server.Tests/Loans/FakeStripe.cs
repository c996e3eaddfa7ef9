using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Server.Features.Payments;

namespace Portal.Server.Tests.Loans;

/// <summary>
/// Stripe is outside the machine, so tests talk to this instead: a real HTTP server on a local port that speaks
/// the part of Stripe's API Portal uses (form-encoded POST /v1/checkout/sessions with a bearer key and an
/// Idempotency-Key, expiring and reading a session), and builds webhook events signed exactly as Stripe signs them.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_portal_fake";
    public const string WebhookSecret = "whsec_portal_fake_secret";

    private readonly WebApplication server;
    private readonly ConcurrentDictionary<string, JsonObject> byIdempotencyKey = new();

    public ConcurrentDictionary<string, JsonObject> Sessions { get; } = new();
    public ConcurrentBag<string> IdempotencyKeys { get; } = [];
    /// <summary>What the portal did at Stripe, in order: "create cs_…", "expire cs_…" (refused ones too).</summary>
    public ConcurrentQueue<string> Calls { get; } = new();
    public int Requests => requests;
    private int requests;

    public string Url { get; }

    private FakeStripe(WebApplication server, string url)
    {
        this.server = server;
        Url = url;
    }

    public static FakeStripe Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeStripe? fake = null;
        app.MapPost("/v1/checkout/sessions", async (HttpRequest request) => await fake!.CreateSessionAsync(request));
        app.MapPost("/v1/checkout/sessions/{id}/expire", (string id) => fake!.Expire(id));
        app.MapGet("/v1/checkout/sessions/{id}", (string id) => fake!.Sessions.TryGetValue(id, out var session)
            ? Results.Content(session.ToJsonString(), "application/json")
            : Results.Json(new { error = new { type = "invalid_request_error", message = "No such checkout.session" } }, statusCode: 404));
        app.StartAsync().GetAwaiter().GetResult();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeStripe(app, url);
        return fake;
    }

    private async Task<IResult> CreateSessionAsync(HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        if (request.Headers.Authorization.ToString() != $"Bearer {SecretKey}")
            return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key provided." } }, statusCode: 401);
        var key = request.Headers["Idempotency-Key"].ToString();
        IdempotencyKeys.Add(key);
        if (key.Length > 0 && byIdempotencyKey.TryGetValue(key, out var existing)) return Results.Content(existing.ToJsonString(), "application/json");

        var form = await request.ReadFormAsync();
        var id = "cs_test_" + Guid.NewGuid().ToString("N");
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form["mode"].ToString(),
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["url"] = $"https://checkout.stripe.test/c/pay/{id}",
            ["client_reference_id"] = form["client_reference_id"].ToString(),
            ["success_url"] = form["success_url"].ToString(),
            ["cancel_url"] = form["cancel_url"].ToString(),
            ["currency"] = form["line_items[0][price_data][currency]"].ToString(),
            ["amount_total"] = long.Parse(form["line_items[0][price_data][unit_amount]"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
            ["metadata"] = new JsonObject { ["payment_id"] = form["metadata[payment_id]"].ToString() },
            ["livemode"] = false,
        };
        Sessions[id] = session;
        Calls.Enqueue("create " + id);
        if (key.Length > 0) byIdempotencyKey[key] = session;
        return Results.Content(session.ToJsonString(), "application/json");
    }

    /// <summary>As Stripe: an open session expires; a paid one cannot.</summary>
    private IResult Expire(string id)
    {
        Calls.Enqueue("expire " + id);
        if (!Sessions.TryGetValue(id, out var session))
            return Results.Json(new { error = new { type = "invalid_request_error", message = "No such checkout.session" } }, statusCode: 404);
        if ((string?)session["status"] != "open")
            return Results.Json(new { error = new { type = "invalid_request_error", message = "Only Checkout Sessions with a status of open can be expired." } }, statusCode: 400);
        session["status"] = "expired";
        return Results.Content(session.ToJsonString(), "application/json");
    }

    /// <summary>The customer pays a session at Stripe; its webhook has not reached the portal yet.</summary>
    public void Pay(string sessionId) => Sessions[sessionId]["status"] = "complete";

    /// <summary>A webhook event about a session, as Stripe would send it: the session's state when the event happened.</summary>
    public string Event(string type, string sessionId, DateTimeOffset created, string? eventId = null, long? amountTotal = null, string paymentStatus = "paid")
    {
        // The session is in that state at Stripe from now on.
        Sessions[sessionId]["status"] = type == "checkout.session.expired" ? "expired" : "complete";
        var session = JsonNode.Parse(Sessions[sessionId].ToJsonString())!.AsObject();
        session["payment_status"] = paymentStatus;
        session["payment_intent"] = "pi_test_" + sessionId[^12..];
        if (amountTotal is { } amount) session["amount_total"] = amount;
        return new JsonObject
        {
            ["id"] = eventId ?? "evt_test_" + Guid.NewGuid().ToString("N"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = created.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["data"] = new JsonObject { ["object"] = session },
        }.ToJsonString();
    }

    /// <summary>The webhook request Stripe would make: the raw body and its Stripe-Signature header.</summary>
    public static HttpRequestMessage Webhook(string body, DateTimeOffset signedAt, string secret = WebhookSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/stripe/webhook")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeGateway.Sign(body, secret, signedAt));
        return request;
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();
}
