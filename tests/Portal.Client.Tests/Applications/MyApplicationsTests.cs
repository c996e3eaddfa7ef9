using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Security;

namespace Portal.Client.Tests.Applications;

public sealed class MyApplicationsTests : ClientTestContext
{
    private readonly FakeApplications applications = new();

    public MyApplicationsTests() => Services.AddSingleton<IApplicationsService>(applications);

    [Fact]
    public void No_applications_says_what_to_do_and_links_to_the_loans()
    {
        var cut = Render<MyApplications>();

        Assert.Contains("Apply now", cut.Find("[data-testid=applications-empty]").TextContent);
        Assert.Contains(cut.FindAll("a"), a => a.GetAttribute("href") == "products");
        Assert.Empty(cut.FindAll("[data-testid=applications-table]"));
    }

    [Fact]
    public void Lists_each_application_with_its_state_in_words_and_a_link()
    {
        applications.Mine = [new ApplicationSummary(FakeApplications.Id, "HB-2026-000123", "Everyday Personal Loan",
            ApplicationState.NeedsInformation, 50_000m, DateTimeOffset.UnixEpoch)];
        var cut = Render<MyApplications>();

        var row = cut.Find("[data-testid=application-row]");
        Assert.Contains("Waiting for information from you", row.TextContent);
        Assert.Contains("50,000.00", row.TextContent);
        Assert.Equal($"applications/{FakeApplications.Id}", row.QuerySelector("a")!.GetAttribute("href"));
    }
}

public sealed class ApplyLinkTests : ClientTestContext
{
    [Fact]
    public void A_customer_gets_apply_now()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("customer@demo.portal");
        auth.SetPolicies(Permissions.ApplyForLoans);

        var cut = Render<ApplyLink>(p => p.Add(c => c.Slug, "everyday-personal-loan"));

        Assert.Equal("apply/everyday-personal-loan", cut.Find("[data-testid=apply-now]").GetAttribute("href"));
    }

    [Fact]
    public void A_visitor_is_asked_to_sign_in_and_comes_back_to_apply()
    {
        AddAuthorization().SetNotAuthorized();

        var cut = Render<ApplyLink>(p => p.Add(c => c.Slug, "everyday-personal-loan"));

        var link = cut.Find("[data-testid=sign-in-to-apply]");
        Assert.Equal("Account/Login?returnUrl=/apply/everyday-personal-loan", link.GetAttribute("href"));
        Assert.Contains("Sign in to apply", link.TextContent);
    }

    [Fact]
    public void Staff_see_no_apply_button()
    {
        AddAuthorization().SetAuthorized("product@demo.portal");

        var cut = Render<ApplyLink>(p => p.Add(c => c.Slug, "everyday-personal-loan"));

        Assert.Empty(cut.FindAll("a"));
    }
}
