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
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }

    public HttpClient Browser() =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
}

public sealed class ProductionStartTests(ProductionPortalFactory app) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task On_a_fresh_production_deployment_the_roles_exist_and_a_customer_can_register()
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(0, await db.Users.CountAsync()); // no demo accounts
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
}
