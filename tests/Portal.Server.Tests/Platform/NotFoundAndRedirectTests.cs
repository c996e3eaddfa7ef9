using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Platform;

/// <summary>
/// Addresses a person can type or be sent: a page for something that is not there (or not theirs) is the not-found
/// page, never a 500; a return address at sign-in or sign-out that is not one of ours goes home, never elsewhere.
/// </summary>
// An app (and database) of its own, so that xunit runs it beside the classes that share PortalCollection's.
public sealed class NotFoundAndRedirectTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/loans/{0}")]
    [InlineData("/loans/{0}/payments/{0}")]
    [InlineData("/pay/test/{0}")]
    [InlineData("/complaints/{0}")]
    [InlineData("/applications/{0}")]
    public async Task A_customer_page_for_an_id_that_does_not_exist_is_the_not_found_page(string path)
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        var response = await customer.GetAsync(string.Format(path, Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Another_customers_loan_is_not_found_either()
    {
        Guid loan;
        using (var scope = app.Services.CreateScope())
            loan = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Loans.Select(l => l.Id).FirstAsync(); // the demo customer's
        var stranger = await app.SignedInAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/loans/{loan}")).StatusCode);
    }

    [Theory]
    [InlineData("/staff/loans/{0}")]
    [InlineData("/staff/complaints/{0}")]
    [InlineData("/staff/applications/{0}")]
    public async Task A_staff_page_for_an_id_that_does_not_exist_is_the_not_found_page(string path)
    {
        var supervisor = await app.SignedInAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync(string.Format(path, Guid.NewGuid()))).StatusCode);
    }

    [Theory]
    [InlineData("//evil.test")]
    [InlineData("https://evil.test/loans")]
    [InlineData("/\\evil.test")]
    [InlineData("javascript:alert(1)")]
    [InlineData("{base}///evil.test")]
    [InlineData("{base}/%5C%5Cevil.test")]
    [InlineData(" //evil.test")]
    [InlineData("{BASE}/loans")]
    public async Task Sign_in_with_a_return_address_elsewhere_goes_home(string returnUrl)
    {
        var email = await app.CreateUserAsync(Roles.Customer);
        var client = app.CreateBrowserlessClient();
        var ours = client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        returnUrl = returnUrl.Replace("{base}", ours).Replace("{BASE}", ours.ToUpperInvariant());
        var response = await client.SubmitAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = Forms.DemoPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // Where a browser would go: this site, whatever the address said.
        var target = new Uri(client.BaseAddress!, response.Headers.Location!);
        Assert.True(target.Scheme == client.BaseAddress!.Scheme && target.Authority == client.BaseAddress.Authority, $"Sent to {target}");
    }

    [Theory]
    [InlineData("/loans", "/loans")]
    [InlineData("loans", "/loans")]
    [InlineData("//evil.test", "/evil.test")]
    [InlineData("/\\evil.test", "/evil.test")]
    public async Task Sign_out_returns_to_a_page_of_ours_or_home(string returnUrl, string expected)
    {
        var client = await app.SignedInAsync(Roles.Customer);
        var fields = Forms.HiddenInputs(await client.GetStringAsync("/"));
        fields["returnUrl"] = returnUrl;
        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.ToString());
    }
}
