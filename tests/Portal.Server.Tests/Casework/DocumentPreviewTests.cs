using System.Net;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Audit;
using Portal.Shared.Features.Casework;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Casework;

/// <summary>
/// The case page's document preview: staff who work cases see a PDF or an image inline, under headers that fix its type,
/// let only our own pages frame it and run nothing of it in our origin; nobody else reaches it.
/// </summary>
[Collection(nameof(PortalCollection))]
public sealed class DocumentPreviewTests(PortalFactory app)
{
    private const string Staff = "/api/staff/applications";
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private async Task<HttpClient> DemoStaffAsync(string email)
    {
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(email);
        return client;
    }

    private static string Csp(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();

    [Fact]
    public async Task Staff_preview_a_pdf_inline_framed_by_our_pages_only_and_the_view_is_audited()
    {
        var (_, submitted) = await Applicants.SubmittedAsync(app);
        var manager = await DemoStaffAsync("manager@demo.portal");
        var document = (await Applicants.Read<CaseView>(await manager.GetAsync($"{Staff}/{submitted.Id}"))).Documents[0];

        var preview = await manager.GetAsync($"{Staff}/{submitted.Id}/documents/{document.Id}/inline");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(Applicants.Pdf, await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", preview.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", preview.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(document.FileName, preview.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", preview.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", preview.Headers.GetValues("X-Frame-Options").Single());
        // Chromium shows no PDF in a sandboxed document, so a PDF's policy is "nothing loads, nothing runs, only we frame it".
        var csp = Csp(preview);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("no-store", preview.Headers.CacheControl!.ToString());

        // The case page itself may still be framed by nobody, and frames only our own documents.
        var page = await manager.GetAsync($"{Staff}/{submitted.Id}");
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", Csp(page));
        Assert.Contains("frame-src 'self'", Csp(page));

        var supervisor = await DemoStaffAsync("supervisor@demo.portal");
        var views = await Applicants.Read<AuditPage>(await supervisor.GetAsync($"/api/staff/audit?reference={submitted.Reference}&action=PreviewDocument"));
        Assert.Equal(document.Id.ToString(), Assert.Single(views.Rows).SubjectId);
    }

    [Fact]
    public async Task An_image_preview_is_a_sandboxed_document_of_its_own_type()
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var saved = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{draft.Id}/draft",
            new SaveDraft(Applicants.Complete(draft.Draft), draft.ConcurrencyStamp))));
        var kinds = saved.Product.RequiredDocuments;
        saved = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(saved.Id, kinds[0], Png, "身份证.png")));
        foreach (var kind in kinds.Skip(1))
            saved = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(saved.Id, kind, Applicants.Pdf)));
        await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{saved.Id}/submit", new ApplicationCommand(saved.ConcurrencyStamp))));
        var image = saved.Documents.Single(d => d.Kind == kinds[0]);

        var risk = await DemoStaffAsync("risk@demo.portal");
        var preview = await risk.GetAsync($"{Staff}/{saved.Id}/documents/{image.Id}/inline");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("image/png", preview.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", preview.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("身份证.png", preview.Content.Headers.ContentDisposition.FileNameStar);
        Assert.StartsWith("sandbox;", Csp(preview));
        Assert.Contains("default-src 'none'", Csp(preview));
        Assert.Contains("frame-ancestors 'self'", Csp(preview));
        Assert.Equal("nosniff", preview.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Customers_staff_who_do_not_work_cases_and_wrong_addresses_never_reach_a_preview()
    {
        var (owner, submitted) = await Applicants.SubmittedAsync(app);
        var manager = await DemoStaffAsync("manager@demo.portal");
        var document = (await Applicants.Read<CaseView>(await manager.GetAsync($"{Staff}/{submitted.Id}"))).Documents[0];
        var inline = $"{Staff}/{submitted.Id}/documents/{document.Id}/inline";

        // Customers, the owner included, use their own API; the staff one refuses them.
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(inline)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(Roles.Customer)).GetAsync(inline)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await DemoStaffAsync("marketing@demo.portal")).GetAsync(inline)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await DemoStaffAsync("product@demo.portal")).GetAsync(inline)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlessClient().GetAsync(inline)).StatusCode);

        // A document asked for under another case, or one that does not exist, is not found.
        var (_, other) = await Applicants.SubmittedAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"{Staff}/{other.Id}/documents/{document.Id}/inline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"{Staff}/{submitted.Id}/documents/{Guid.NewGuid()}/inline")).StatusCode);
    }

    [Fact]
    public async Task A_drafts_documents_are_not_shown_to_staff()
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var uploaded = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(draft.Id, draft.Product.RequiredDocuments[0], Applicants.Pdf)));
        var manager = await DemoStaffAsync("manager@demo.portal");

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"{Staff}/{draft.Id}/documents/{uploaded.Documents[0].Id}/inline")).StatusCode);
    }
}
