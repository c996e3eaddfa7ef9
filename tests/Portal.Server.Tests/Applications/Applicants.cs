using System.Net.Http.Json;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Applications;

/// <summary>Customers and their applications, made through the customer API as a browser would.</summary>
public static class Applicants
{
    public const string Api = "/api/applications";
    public const string FullName = "Zhou Mei";

    public static async Task<T> Read<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>Every answer an individual's application needs, on top of what the draft has.</summary>
    public static ApplicationDraft Complete(ApplicationDraft draft, decimal amount = 60_000m, int months = 36)
    {
        draft.Amount = amount;
        draft.Months = months;
        draft.Method = RepaymentMethod.EqualInstalments;
        draft.FullName = FullName;
        draft.NationalId = "11010519880605123X";
        draft.DateOfBirth = new DateOnly(1988, 6, 5);
        draft.Phone = "+86 138 0000 0000";
        draft.Address = "1 Harbour Road, Shanghai";
        draft.PermanentResident = true;
        draft.EmployerName = "Bright Tech Ltd";
        draft.YearsEmployed = 4;
        draft.MonthlyIncome = 18_000m;
        draft.MonthlyObligations = 1_000m;
        draft.Purpose = "A car";
        draft.ConsentCreditCheck = true;
        draft.ConsentPrivacy = true;
        return draft;
    }

    /// <summary>A small business's answers: the business loan, equal principal.</summary>
    public static ApplicationDraft CompleteBusiness(ApplicationDraft draft, decimal amount, int months = 36)
    {
        Complete(draft, amount, months);
        draft.Method = RepaymentMethod.EqualPrincipal;
        draft.EmployerName = null;
        draft.YearsEmployed = null;
        draft.MonthlyIncome = null;
        draft.BusinessName = "Jade Tea House";
        draft.RegistrationNumber = "91310000MA1FL0XX1K";
        draft.Industry = IndustryRisk.Low;
        draft.YearsTrading = 6;
        draft.AnnualRevenue = 6_000_000m;
        draft.MonthlyObligations = 10_000m;
        return draft;
    }

    /// <summary>A small but real PDF: what a scanned document starts with.</summary>
    public static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static HttpRequestMessage Upload(Guid id, string kind, byte[] content, string fileName = "scan.pdf") =>
        new(HttpMethod.Post, $"{Api}/{id}/documents")
        {
            Content = new MultipartFormDataContent { { new StringContent(kind), "kind" }, { new ByteArrayContent(content), "file", fileName } },
            Headers = { { "X-Portal-Csrf", "1" } },
        };

    /// <summary>Uploads a PDF for each of the product's required documents.</summary>
    public static async Task<ApplicationView> UploadAllAsync(HttpClient customer, ApplicationView view)
    {
        foreach (var kind in view.Product.RequiredDocuments)
            view = await Read<ApplicationView>(await customer.SendAsync(Upload(view.Id, kind, Pdf)));
        return view;
    }

    /// <summary>A new customer with a submitted application.</summary>
    public static async Task<(HttpClient Customer, ApplicationView View)> SubmittedAsync(PortalFactory app,
        string slug = "everyday-personal-loan", Func<ApplicationDraft, ApplicationDraft>? answers = null, HttpClient? customer = null)
    {
        customer ??= await app.SignedInAsync(Roles.Customer);
        var draft = await Read<ApplicationView>(await customer.SendAsync(Infrastructure.Api.Post(Api, new StartApplication(slug))));
        var saved = await Read<ApplicationView>(await customer.SendAsync(Infrastructure.Api.Post($"{Api}/{draft.Id}/draft",
            new SaveDraft((answers ?? (d => Complete(d)))(draft.Draft), draft.ConcurrencyStamp))));
        saved = await UploadAllAsync(customer, saved);
        var submitted = await Read<ApplicationView>(await customer.SendAsync(Infrastructure.Api.Post($"{Api}/{saved.Id}/submit", new ApplicationCommand(saved.ConcurrencyStamp))));
        Assert.Equal(ApplicationState.Submitted, submitted.State);
        return (customer, submitted);
    }
}
