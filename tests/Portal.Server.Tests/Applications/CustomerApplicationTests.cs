using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Applications;

// An app (and database) of its own, so that xunit runs it beside the classes that share PortalCollection's.
public sealed class CustomerApplicationTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/applications";

    /// <summary>A fresh customer per test, so tests never see each other's applications.</summary>
    private async Task<HttpClient> NewCustomerAsync()
    {
        var email = await app.CreateUserAsync(Roles.Customer);
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email, totpKey: null);
        return client;
    }

    private static async Task<ApplicationView> Read(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ApplicationView>())!;
    }

    private static async Task<ApplicationView> StartAsync(HttpClient client, string slug = "everyday-personal-loan") =>
        await Read(await client.SendAsync(Infrastructure.Api.Post(Api, new StartApplication(slug))));

    private static ApplicationDraft Complete(ApplicationDraft draft) => Applicants.Complete(draft);

    private static Task<HttpResponseMessage> Save(HttpClient client, ApplicationView view, ApplicationDraft draft) =>
        client.SendAsync(Infrastructure.Api.Post($"{Api}/{view.Id}/draft", new SaveDraft(draft, view.ConcurrencyStamp)));

    private static Task<HttpResponseMessage> Command(HttpClient client, ApplicationView view, string action) =>
        client.SendAsync(Infrastructure.Api.Post($"{Api}/{view.Id}/{action}", new ApplicationCommand(view.ConcurrencyStamp)));

    [Fact]
    public async Task Customer_starts_a_draft_fills_it_in_and_submits()
    {
        var client = await NewCustomerAsync();
        var draft = await StartAsync(client);
        Assert.Equal(ApplicationState.Draft, draft.State);
        Assert.Equal(ApplicantType.Individual, draft.ApplicantType);
        Assert.Equal(50_000m, draft.Draft.Amount);
        Assert.Contains(nameof(ApplicationDraft.FullName), draft.MissingForSubmit.Keys);

        var answered = await Read(await Save(client, draft, Complete(draft.Draft)));
        // Everything answered; the required documents are still missing.
        Assert.Equal(answered.Product.RequiredDocuments.Select(k => "Document:" + k), answered.MissingForSubmit.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, (await Command(client, answered, "submit")).StatusCode);
        var saved = await Applicants.UploadAllAsync(client, answered);
        Assert.Empty(saved.MissingForSubmit);
        Assert.Null(saved.Draft.NationalId);
        Assert.Equal("**************123X", saved.MaskedNationalId);

        var submitted = await Read(await Command(client, saved, "submit"));
        Assert.Equal(ApplicationState.Submitted, submitted.State);
        Assert.Equal([ApplicationState.Draft, ApplicationState.Submitted], submitted.Timeline.Select(t => t.State));
        Assert.Equal([ApplicationAction.Withdraw], submitted.Actions);

        var mine = await client.GetFromJsonAsync<List<ApplicationSummary>>(Api);
        Assert.Equal(submitted.Reference, Assert.Single(mine!).Reference);
    }

    [Fact]
    public async Task Coming_back_to_a_product_resumes_the_draft_instead_of_starting_another()
    {
        var client = await NewCustomerAsync();
        var first = await StartAsync(client);
        var second = await StartAsync(client);
        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task Two_tabs_starting_at_once_get_one_draft()
    {
        var client = await NewCustomerAsync();
        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StartAsync(client, "salary-advance")));
        Assert.Single(starts.Select(s => s.Id).Distinct());
        Assert.Single((await client.GetFromJsonAsync<List<ApplicationSummary>>(Api))!);
    }

    [Fact]
    public async Task An_incomplete_application_is_refused_with_every_missing_field_and_nothing_is_lost()
    {
        var client = await NewCustomerAsync();
        var draft = await StartAsync(client);
        draft.Draft.FullName = "Zhou Mei";
        var saved = await Read(await Save(client, draft, draft.Draft));

        var response = await Command(client, saved, "submit");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("NationalId", body);
        Assert.Contains("ConsentCreditCheck", body);
        var after = (await client.GetFromJsonAsync<ApplicationView>($"{Api}/{draft.Id}"))!;
        Assert.Equal(ApplicationState.Draft, after.State);
        Assert.Equal("Zhou Mei", after.Draft.FullName);
    }

    [Theory]
    [InlineData(1_000, 36, "Amount")]
    [InlineData(60_050, 36, "Amount")]
    [InlineData(60_000, 120, "Months")]
    public async Task Amounts_and_terms_outside_the_products_limits_cannot_be_submitted(int amount, int months, string field)
    {
        var client = await NewCustomerAsync();
        var draft = await StartAsync(client);
        var terms = Complete(draft.Draft);
        terms.Amount = amount;
        terms.Months = months;
        var saved = await Read(await Save(client, draft, terms));

        var response = await Command(client, saved, "submit");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Badly_formed_fields_are_refused_beside_the_field_and_the_draft_keeps_its_last_good_state()
    {
        var client = await NewCustomerAsync();
        var draft = await StartAsync(client);
        var bad = Complete(draft.Draft);
        bad.NationalId = "not-an-id";
        bad.Phone = "call me";

        var response = await Save(client, draft, bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("NationalId", body);
        Assert.Contains("Phone", body);
        var after = (await client.GetFromJsonAsync<ApplicationView>($"{Api}/{draft.Id}"))!;
        Assert.Null(after.MaskedNationalId);
    }

    [Fact]
    public async Task A_customer_can_never_reach_another_customers_application()
    {
        var owner = await NewCustomerAsync();
        var stranger = await NewCustomerAsync();
        var view = await StartAsync(owner);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{Api}/{view.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Save(stranger, view, Complete(view.Draft))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Command(stranger, view, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Command(stranger, view, "withdraw")).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<List<ApplicationSummary>>(Api))!);
        var unchanged = (await owner.GetFromJsonAsync<ApplicationView>($"{Api}/{view.Id}"))!;
        Assert.Equal(view.ConcurrencyStamp, unchanged.ConcurrencyStamp);
    }

    [Fact]
    public async Task Staff_and_visitors_cannot_use_the_customer_application_api()
    {
        var staff = app.CreateBrowserlessClient();
        await staff.SignInAsync("manager@demo.portal");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(Api)).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_ends_the_application_and_a_second_withdrawal_is_refused()
    {
        var client = await NewCustomerAsync();
        var view = await StartAsync(client);
        var withdrawn = await Read(await Command(client, view, "withdraw"));
        Assert.Equal(ApplicationState.Withdrawn, withdrawn.State);
        Assert.Empty(withdrawn.Actions);

        Assert.Equal(HttpStatusCode.Conflict, (await Command(client, withdrawn, "withdraw")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Save(client, withdrawn, withdrawn.Draft)).StatusCode);
    }

    [Fact]
    public async Task A_save_from_a_stale_tab_is_refused_rather_than_overwriting()
    {
        var client = await NewCustomerAsync();
        var view = await StartAsync(client);
        view.Draft.FullName = "First tab";
        Assert.Equal(HttpStatusCode.OK, (await Save(client, view, view.Draft)).StatusCode);
        view.Draft.FullName = "Second tab";

        var stale = await Save(client, view, view.Draft);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("First tab", (await client.GetFromJsonAsync<ApplicationView>($"{Api}/{view.Id}"))!.Draft.FullName);
    }

    [Fact]
    public async Task The_national_id_is_stored_encrypted()
    {
        var client = await NewCustomerAsync();
        var view = await StartAsync(client);
        await Read(await Save(client, view, Complete(view.Draft)));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var stored = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == view.Id);
        Assert.NotNull(stored.NationalIdProtected);
        Assert.DoesNotContain("123X", stored.NationalIdProtected);
        Assert.Contains(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync(), xml => xml!.Contains("<key"));
    }

    [Fact]
    public async Task A_business_loan_asks_for_the_business_not_the_employer()
    {
        var client = await NewCustomerAsync();
        var view = await StartAsync(client, "start-up-business-loan");
        Assert.Equal(ApplicantType.Business, view.ApplicantType);
        Assert.Contains(nameof(ApplicationDraft.RegistrationNumber), view.MissingForSubmit.Keys);
        Assert.DoesNotContain(nameof(ApplicationDraft.EmployerName), view.MissingForSubmit.Keys);
    }

    [Fact]
    public async Task A_request_without_a_draft_is_a_clear_400_not_a_crash()
    {
        var client = await NewCustomerAsync();
        var view = await StartAsync(client);
        var response = await client.SendAsync(Infrastructure.Api.Post($"{Api}/{view.Id}/draft", new { concurrencyStamp = view.ConcurrencyStamp }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Extra_fields_cannot_change_the_state_or_the_owner()
    {
        var client = await NewCustomerAsync();
        var view = await StartAsync(client);
        var forged = new { draft = new { fullName = "Forger", state = "Approved", customerId = "someone-else" }, concurrencyStamp = view.ConcurrencyStamp, state = "Approved" };

        var saved = await Read(await client.SendAsync(Infrastructure.Api.Post($"{Api}/{view.Id}/draft", forged)));

        Assert.Equal(ApplicationState.Draft, saved.State);
        Assert.Equal("Forger", saved.Draft.FullName);
        Assert.NotNull(await client.GetFromJsonAsync<ApplicationView>($"{Api}/{view.Id}"));
    }

    [Fact]
    public async Task Staff_cannot_post_to_the_customer_application_api_either()
    {
        var staff = app.CreateBrowserlessClient();
        await staff.SignInAsync("approver@demo.portal");
        var response = await staff.SendAsync(Infrastructure.Api.Post(Api, new StartApplication("everyday-personal-loan")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_application_keeps_the_terms_of_the_version_it_was_made_under()
    {
        var manager = app.CreateBrowserlessClient();
        await manager.SignInAsync("product@demo.portal");
        var row = (await (await manager.SendAsync(Infrastructure.Api.Post("/api/catalog/staff/products", TestProduct("pinned-loan"))))
            .Content.ReadFromJsonAsync<Portal.Shared.Features.Catalog.ProductAdminRow>())!;
        await manager.SendAsync(Infrastructure.Api.Post($"/api/catalog/staff/products/{row.Id}/publish", new Portal.Shared.Features.Catalog.ProductStamp(row.ConcurrencyStamp)));

        var client = await NewCustomerAsync();
        var view = await StartAsync(client, "pinned-loan");

        // The product manager raises the minimum amount: a new version for new applications only.
        var edit = (await manager.GetFromJsonAsync<Portal.Shared.Features.Catalog.ProductEdit>($"/api/catalog/staff/products/{row.Id}"))!;
        edit.MinAmount = 8_000;
        edit.ExampleAmount = 8_000;
        Assert.Equal(HttpStatusCode.OK, (await manager.SendAsync(Infrastructure.Api.Post("/api/catalog/staff/products", edit))).StatusCode);

        var terms = Complete(view.Draft);
        terms.Amount = 5_000;
        terms.Months = 12;
        var saved = await Read(await Save(client, view, terms));
        Assert.Equal(1, saved.ProductVersion);
        Assert.Equal(1_000m, saved.Product.MinAmount);
        saved = await Applicants.UploadAllAsync(client, saved);
        Assert.Equal(ApplicationState.Submitted, (await Read(await Command(client, saved, "submit"))).State);
    }

    private static Portal.Shared.Features.Catalog.ProductEdit TestProduct(string slug) => new()
    {
        Slug = slug, Name = "Pinned", Kind = Portal.Shared.Features.Catalog.ProductKind.PersonalConsumer, Summary = "For a test.",
        MinAmount = 1_000, MaxAmount = 10_000, MinMonths = 3, MaxMonths = 24, Methods = [RepaymentMethod.EqualInstalments],
        GradeRates = [8m, 10m, null, null, null], RequiredDocuments = ["National ID card"], MinMonthlyIncome = 1_000,
        ExampleAmount = 5_000, ExampleMonths = 12, ExampleMethod = RepaymentMethod.EqualInstalments, ExampleGrade = Portal.Shared.Features.Catalog.RiskGrade.A,
    };

    [Fact]
    public async Task An_unpublished_product_cannot_be_applied_for()
    {
        var client = await NewCustomerAsync();
        var response = await client.SendAsync(Infrastructure.Api.Post(Api, new StartApplication("green-equipment-loan")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
