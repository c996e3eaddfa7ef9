using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Platform;

/// <summary>
/// Every changing endpoint of the API, found from the app's own routes (so a new one is covered the day it is added),
/// sent every kind of hostile or careless body by a caller who holds every role: each answer is a clear 4xx, never a
/// 5xx, and not a row anywhere in the database has changed.
/// </summary>
[Collection(nameof(PortalCollection))]
public sealed class HostileInputTests(PortalFactory app)
{
    private const string Script = "<script>alert(document.cookie)</script>";

    /// <summary>Values that fit no field: negative and absurd amounts, numbers past any type, script, path tricks, control characters.</summary>
    private static readonly string HostileObject = $$"""
        {"amount": -1000, "months": 99999999999999999999, "instalmentNumber": -1, "kind": "{{Script}}", "fullName": "{{Script}}",
         "nationalId": "../../etc/passwd", "email": "x@y\u0000z", "date": "not-a-date", "concurrencyStamp": "00000000-0000-0000-0000-000000000000",
         "stamp": "zzz", "body": "{{Script}}", "reason": "", "grade": 42, "rate": 1e308, "ratePercent": -5, "approvalLimit": -1,
         "productIds": [-1, 99999999], "slug": "../../../etc", "title": "{{Script}}", "score": 1000000, "fileName": "..\\..\\boot.ini"}
        """;

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "malformed JSON", "application/json", "{\"amount\": 12,, \"months\": " },
        { "JSON of the wrong shape", "application/json", "[1, 2, 3]" },
        { "a bare number past any type", "application/json", "1e400" },
        { "hostile values in every field", "application/json", HostileObject },
        { "an empty body", "application/json", "" },
        { "the wrong content type", "text/plain", "amount=100&months=12" },
        { "XML", "application/xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>" },
        { "deeply nested JSON", "application/json", new string('[', 5000) + new string(']', 5000) },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Every_changing_endpoint_answers_a_hostile_body_with_a_clear_4xx_and_stores_nothing(string what, string contentType, string body)
    {
        var client = await app.SignedInAsync([.. Roles.All]);
        var before = await RowCountsAsync();
        var answers = new List<string>();
        var endpoints = ChangingEndpoints().ToList();
        Assert.True(endpoints.Count > 40, $"Only {endpoints.Count} endpoints that read a body were found.");
        foreach (var (method, url) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            request.Headers.Add("X-Portal-Csrf", "1");
            var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500) answers.Add($"{method} {url}: {status} {await response.Content.ReadAsStringAsync()}");
            else if (response.Content.Headers.ContentType?.MediaType is not "application/problem+json")
                answers.Add($"{method} {url}: {status} without ProblemDetails ({response.Content.Headers.ContentType})");
        }
        Assert.True(answers.Count == 0, $"{what}:\n{string.Join('\n', answers)}");
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read_whole()
    {
        var client = await app.SignedInAsync([.. Roles.All]);
        var before = await RowCountsAsync();
        // Past Kestrel's 30 MB request limit: refused as too large, whatever the endpoint.
        var huge = "{\"fullName\": \"" + new string('a', 31 * 1024 * 1024) + "\"}";
        foreach (var (method, url) in ChangingEndpoints().Where(e => e.Url.StartsWith("/api/applications", StringComparison.Ordinal)).Take(3))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Portal-Csrf", "1");
            var status = (int)(await client.SendAsync(request)).StatusCode;
            Assert.True(status is >= 400 and < 500, $"{method} {url}: {status}");
        }
        Assert.Equal(before, await RowCountsAsync());
    }

    [Theory]
    [InlineData("/api/applications/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/applications/%2e%2e%2f%2e%2e%2fappsettings.json")]
    [InlineData("/api/promotions/..%5C..%5Cweb.config/image")]
    [InlineData("/api/loans/00000000-0000-0000-0000-000000000000/statement.pdf")]
    [InlineData("/api/catalog/products/%2e%2e%5c%2e%2e%5cappsettings.Development.json")]
    public async Task Path_tricks_in_addresses_find_nothing(string url)
    {
        var client = await app.SignedInAsync(Roles.Customer);
        var response = await client.GetAsync(url);
        Assert.True((int)response.StatusCode is 400 or 404, $"{url}: {response.StatusCode}");
        Assert.DoesNotContain("ConnectionStrings", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_trick_in_an_uploaded_file_name_is_kept_as_a_plain_name()
    {
        var (customer, view) = await Applicants.SubmittedAsync(app);
        _ = view;
        var draft = await Applicants.Read<Portal.Shared.Features.Applications.ApplicationView>(
            await customer.SendAsync(Api.Post(Applicants.Api, new Portal.Shared.Features.Applications.StartApplication("salary-advance"))));
        var uploaded = await Applicants.Read<Portal.Shared.Features.Applications.ApplicationView>(await customer.SendAsync(
            Applicants.Upload(draft.Id, draft.Product.RequiredDocuments[0], Applicants.Pdf, fileName: "../../../etc/passwd\u202Egpj.exe")));
        var name = uploaded.Documents.Single().FileName;
        Assert.DoesNotContain("/", name, StringComparison.Ordinal);
        Assert.DoesNotContain("..", name, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", name, StringComparison.Ordinal);
        Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
    }

    /// <summary>Every POST/PUT/DELETE under /api that reads a body, with its route values filled in plausibly (ids that exist nowhere).</summary>
    private IEnumerable<(string Method, string Url)> ChangingEndpoints()
    {
        var sources = app.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.Contains("stripe/webhook", StringComparison.Ordinal)) continue;
            // Only those that read a body (an endpoint taking none, such as "mark all read", has nothing to be hostile to).
            if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is null) continue;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
                yield return (method, Fill(pattern));
        }
    }

    private static string Fill(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:(\w+))?\}", m => m.Groups[3].Value switch
    {
        "guid" => Guid.NewGuid().ToString(),
        "int" or "long" => "987654",
        _ when m.Groups[1].Value == "outcome" => "Succeed",
        _ when m.Groups[1].Value == "slug" => "everyday-personal-loan",
        _ => "x",
    });

    /// <summary>The number of rows in every table of the model (what a half-done write would change).</summary>
    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var counts = new Dictionary<string, long>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        // The outbox is filled in the background by the notification mailer, from earlier tests' notifications.
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Where(t => t != "EmailOutbox"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }
}
