using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Tests.Infrastructure;

namespace Portal.Server.Tests.Platform;

// An app (and database) of its own, so that xunit runs it beside the classes that share PortalCollection's.
public sealed class PlatformTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Health_answers_200_when_the_database_is_reachable()
    {
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact, Trait("Category", "Sqlite")]
    public async Task The_sqlite_file_is_in_write_ahead_log_mode_and_connections_wait_when_it_is_busy()
    {
        // Set once for the file at start-up; the busy wait on every connection (README, Benchmarks: submission).
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Portal.Server.Data.PortalDbContext>();
        await db.Database.OpenConnectionAsync();
        async Task<string?> Pragma(string name)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Equal("wal", await Pragma("journal_mode"));
        Assert.Equal("10000", await Pragma("busy_timeout"));
    }

    [Fact]
    public async Task Openapi_document_describes_every_catalog_endpoint()
    {
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/catalog/products", paths);
        Assert.Contains("/api/catalog/products/{slug}", paths);
        Assert.Contains("/api/catalog/staff/products/{id}", paths);
        Assert.Contains("/api/catalog/staff/products/{id}/publish", paths);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/products")]
    [InlineData("/Account/Login")]
    [InlineData("/api/catalog/products")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval'", csp);
        Assert.DoesNotContain("unsafe-inline' 'unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Api_refusals_are_problem_details_too()
    {
        var client = app.CreateClient();
        foreach (var (url, status) in new[] { ("/api/catalog/products/nope", HttpStatusCode.NotFound), ("/api/catalog/staff/products", HttpStatusCode.Unauthorized) })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/products", "/products")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task Language_switch_returns_only_to_this_site(string returnUrl, string expected)
    {
        var client = app.CreateBrowserlessClient();
        var response = await client.GetAsync($"/culture?culture=zh-Hans&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_browser_is_told_who_is_signed_in_but_not_the_security_stamp()
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync("product@demo.portal");
        var html = await client.GetStringAsync("/staff");

        // Prerendering hands state to the browser as base64 JSON whose values are base64 again.
        var state = System.Text.RegularExpressions.Regex.Match(html, "<!--Blazor-WebAssembly-Component-State:([^-]+)-->").Groups[1].Value;
        using var doc = JsonDocument.Parse(Convert.FromBase64String(state));
        var handedOver = string.Concat(doc.RootElement.EnumerateObject()
            .Select(p => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(p.Value.GetString()!))));
        Assert.Contains("ProductManager", handedOver);
        Assert.Contains("mfa", handedOver);
        Assert.DoesNotContain("SecurityStamp", handedOver);
    }

    [Fact]
    public async Task Unknown_page_gets_a_friendly_404()
    {
        var response = await app.CreateClient().GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_errors_are_problem_details_without_internals()
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync("product@demo.portal");
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/catalog/staff/products")
        {
            Content = new StringContent("{ this is not json", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "X-Portal-Csrf", "1" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body);
    }
}
