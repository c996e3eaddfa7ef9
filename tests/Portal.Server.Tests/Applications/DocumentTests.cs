using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Data;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Documents;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Applications;

/// <summary>Uploads are checked by content and size, kept outside the web root, and reach only their owner and staff.</summary>
[Collection(nameof(PortalCollection))]
public sealed class DocumentTests(PortalFactory app)
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private async Task<(HttpClient Customer, ApplicationView Draft)> DraftAsync()
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        return (customer, draft);
    }

    [Fact]
    public async Task A_pdf_is_stored_under_a_random_name_with_its_hash_and_only_its_owner_downloads_it()
    {
        var (customer, draft) = await DraftAsync();
        var kind = draft.Product.RequiredDocuments[0];
        var view = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(draft.Id, kind, Applicants.Pdf, "../../etc/passwd.pdf")));
        var document = Assert.Single(view.Documents);
        Assert.Equal(("passwd.pdf", "application/pdf", DocumentStatus.Pending), (document.FileName, document.ContentType, document.Status));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Applicants.Pdf)), document.Sha256);
        Assert.DoesNotContain($"Document:{kind}", view.MissingForSubmit.Keys);

        var download = await customer.GetAsync($"{Applicants.Api}/{draft.Id}/documents/{document.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Applicants.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());

        // Not in the web root, and not reachable by another customer.
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync("/App_Data/documents")).StatusCode);
        var stranger = await app.SignedInAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{Applicants.Api}/{draft.Id}/documents/{document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(Applicants.Upload(draft.Id, kind, Applicants.Pdf))).StatusCode);
        using var scope = app.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<Portal.Server.Features.Documents.ApplicationDocument>()
            .SingleAsync(d => d.Id == document.Id);
        Assert.Matches("^[0-9a-f]{32}$", stored.StorageName);
    }

    [Fact]
    public async Task Disguised_oversized_empty_and_unasked_for_files_are_refused_with_the_reason_and_nothing_is_kept()
    {
        var (customer, draft) = await DraftAsync();
        var kind = draft.Product.RequiredDocuments[0];
        async Task<string> Refused(HttpRequestMessage request)
        {
            var response = await customer.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        // An executable renamed to .pdf: judged by its content.
        Assert.Contains("Only PDF, JPEG or PNG", await Refused(Applicants.Upload(draft.Id, kind, [(byte)'M', (byte)'Z', 0x90, 0, 3, 0], "payslip.pdf")));
        Assert.Contains("Only PDF, JPEG or PNG", await Refused(Applicants.Upload(draft.Id, kind, "<html><script>alert(1)</script>"u8.ToArray(), "id.png")));
        Assert.Contains("empty", await Refused(Applicants.Upload(draft.Id, kind, [], "id.pdf")));
        var big = new byte[DocumentRules.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        var response = await customer.SendAsync(Applicants.Upload(draft.Id, kind, big, "big.pdf"));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{response.StatusCode}");
        Assert.Contains("does not ask for", await Refused(Applicants.Upload(draft.Id, "Passport of a friend", Applicants.Pdf)));

        // A PNG is fine; and none of the refused ones left a trace.
        var view = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(draft.Id, kind, Png, "id.png")));
        Assert.Equal("image/png", Assert.Single(view.Documents).ContentType);
    }

    [Fact]
    public async Task A_rejected_document_shows_its_reason_and_the_replacement_goes_back_for_review()
    {
        var (customer, submitted) = await Applicants.SubmittedAsync(app);
        var manager = app.CreateBrowserlessClient();
        await manager.SignInAsync("manager@demo.portal");
        var staffApi = $"/api/staff/applications/{submitted.Id}";
        var started = await Applicants.Read<CaseView>(await manager.SendAsync(Api.Post($"{staffApi}/start-review", new CaseCommand(submitted.ConcurrencyStamp))));
        await Applicants.Read<CaseView>(await manager.SendAsync(Api.Post($"{staffApi}/verify-identity", new CaseCommand(started.ConcurrencyStamp))));
        var view = await Applicants.Read<CaseView>(await manager.GetAsync(staffApi));
        Assert.Contains(Blocker.DocumentsNotAccepted, view.Blocked[ApplicationAction.ForwardToRisk]);
        var (first, second) = (view.Documents[0], view.Documents[1]);

        // Staff download it too.
        Assert.Equal(Applicants.Pdf, await (await manager.GetAsync($"{staffApi}/documents/{first.Id}")).Content.ReadAsByteArrayAsync());
        var supervisor = app.CreateBrowserlessClient();
        await supervisor.SignInAsync("supervisor@demo.portal");
        var downloads = await Applicants.Read<Portal.Shared.Features.Audit.AuditPage>(
            await supervisor.GetAsync($"/api/staff/audit?reference={submitted.Reference}&action=DownloadDocument"));
        Assert.Equal("Zhang Min (customer manager)", Assert.Single(downloads.Rows).Actor);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.SendAsync(Api.Post($"{staffApi}/documents/{first.Id}/reject", new RejectDocument("", view.ConcurrencyStamp)))).StatusCode);
        view = await Applicants.Read<CaseView>(await manager.SendAsync(Api.Post($"{staffApi}/documents/{first.Id}/reject", new RejectDocument("The scan is too dark to read.", view.ConcurrencyStamp))));
        view = await Applicants.Read<CaseView>(await manager.SendAsync(Api.Post($"{staffApi}/documents/{second.Id}/accept", new CaseCommand(view.ConcurrencyStamp))));
        view = await Applicants.Read<CaseView>(await manager.SendAsync(Api.Post($"{staffApi}/request-information", new RequestInformation("Please upload a clearer scan.", view.ConcurrencyStamp))));

        var mine = await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{submitted.Id}"));
        var rejected = mine.Documents.Single(d => d.Id == first.Id);
        Assert.Equal((DocumentStatus.Rejected, "The scan is too dark to read."), (rejected.Status, rejected.RejectionReason));
        Assert.Contains($"Document:{first.Kind}", mine.MissingForSubmit.Keys);
        mine = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(submitted.Id, first.Kind, Png, "clearer.png")));
        Assert.Equal(DocumentStatus.Replaced, mine.Documents.Single(d => d.Id == first.Id).Status);
        mine = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post($"{Applicants.Api}/{submitted.Id}/submit", new ApplicationCommand(mine.ConcurrencyStamp))));
        Assert.Equal(ApplicationState.InitialReview, mine.State);

        view = await Applicants.Read<CaseView>(await manager.GetAsync(staffApi));
        var replacement = view.Documents.Single(d => d.Kind == first.Kind && d.Status == DocumentStatus.Pending);
        view = await Applicants.Read<CaseView>(await manager.SendAsync(Api.Post($"{staffApi}/documents/{replacement.Id}/accept", new CaseCommand(view.ConcurrencyStamp))));
        Assert.DoesNotContain(ApplicationAction.ForwardToRisk, view.Blocked.Keys);
        Assert.Contains(ApplicationAction.ForwardToRisk, view.Actions);
    }
}
