using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Cluster;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Platform;

/// <summary>
/// The app as a lender first starts it: Production, no demo data, migrations at start, the key ring under a certificate,
/// Stripe rather than the test gateway, reached over https (its cookies are Secure).
/// </summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    private readonly string certificate = ClusterFixture.WriteCertificate(Directory.CreateTempSubdirectory("portal-prod-").FullName);

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Database:SeedDemoData", "false"),
        ("Payments:TestGateway", "false"),
        ("DataProtection:CertificatePath", certificate),
        ("DataProtection:CertificatePassword", ClusterFixture.CertificatePassword),
        ("Portal:PublishOpenApi", "false"), // as a lender's configuration leaves it
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }

    // The lender's own name, not localhost: browsers ignore HSTS from localhost, and so does ASP.NET Core.
    public HttpClient Browser() =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBaseUrl), AllowAutoRedirect = false, HandleCookies = true });
}

public sealed class ProductionStartTests(ProductionPortalFactory app) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task On_a_fresh_production_deployment_the_roles_exist_and_a_customer_can_register()
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.False(await db.Users.AnyAsync(u => u.Email!.EndsWith("@demo.portal"))); // no demo accounts
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All) Assert.True(await roles.RoleExistsAsync(role), $"{role} is missing");
        }

        var email = $"first-{Guid.NewGuid():N}@example.test";
        var response = await app.Browser().SubmitAsync("/Account/Register", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = "a long enough passphrase", ["Input.ConfirmPassword"] = "a long enough passphrase",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Contains("RegisterConfirmation", response.Headers.Location!.ToString());
        using var check = app.Services.CreateScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync(email))!, Roles.Customer));
    }

    [Fact]
    public async Task Cookies_are_host_only_and_secure_browsers_keep_to_https_for_a_year_and_the_api_description_is_not_public()
    {
        var email = $"cookies-{Guid.NewGuid():N}@example.test";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "a long enough passphrase")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Customer)).Succeeded);
        }
        var browser = app.Browser();
        var form = await browser.GetAsync("/Account/Login");
        Assert.Equal("max-age=31536000; includeSubDomains", form.Headers.GetValues("Strict-Transport-Security").Single());
        var signedIn = await browser.SubmitAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "a long enough passphrase" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var cookies = form.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-portal.auth=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("__Host-portal.antiforgery=", StringComparison.Ordinal));
        // What browsers demand of a __Host- cookie, or they drop it: Secure, Path=/, no Domain.
        foreach (var cookie in cookies.Where(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.StartsWith("__Host-", cookie);
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        }

        // The two-factor step's cookie too (a member of staff's password step sets it).
        var staff = $"staff-{Guid.NewGuid():N}@example.test";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = staff, Email = staff, EmailConfirmed = true, TwoFactorEnabled = true };
            Assert.True((await users.CreateAsync(user, "a long enough passphrase")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.RiskOfficer)).Succeeded);
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", Forms.StaffKey);
        }
        var step = await app.Browser().SubmitAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = staff, ["Input.Password"] = "a long enough passphrase" });
        Assert.Contains("LoginWith2fa", step.Headers.Location!.ToString());
        var twoFactor = step.Headers.GetValues("Set-Cookie").Single(c => c.Contains("portal.2fa="));
        Assert.StartsWith("__Host-portal.2fa=", twoFactor);
        Assert.Contains("secure", twoFactor, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", twoFactor + ";", StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
