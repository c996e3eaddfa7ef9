using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Documents;
using Portal.Server.Infrastructure;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Documents;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Applications;

/// <summary>The portal with <c>Documents:Scanner=ClamAV</c>, pointed at a clamd of the tests' own.</summary>
public sealed class ClamdFactory : PortalFactory, IAsyncLifetime
{
    public TestClamd Clamd { get; } = new();

    /// <summary>The stored files, in a folder of this app's own so a test can count them.</summary>
    public string DocumentsFolder { get; } = Directory.CreateTempSubdirectory("portal-scanned-").FullName;

    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Documents:Scanner", "ClamAV"), ("Documents:ClamAV:Socket", Clamd.Socket), ("Documents:Path", DocumentsFolder)];

    public Task InitializeAsync() => Clamd.StartAsync();

    Task IAsyncLifetime.DisposeAsync() => Clamd.DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Clamd.DisposeAsync();
        try { Directory.Delete(DocumentsFolder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Uploads are scanned by clamd before they are kept; what it flags, or cannot check, is refused and never reaches staff.</summary>
public sealed class DocumentScanTests(ClamdFactory app) : IClassFixture<ClamdFactory>
{
    /// <summary>A valid PDF (the content check lets it through) carrying the test virus in a stream, as a real one would.</summary>
    private static readonly byte[] InfectedPdf =
    [
        .. "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Length 68 >>\nstream\n"u8,
        .. TestClamd.Eicar,
        .. "\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8,
    ];

    private static string Found => TestClamd.SignatureName + ".UNOFFICIAL";

    private static ClamAvScanner Scanner(ClamAvOptions clamAv) =>
        new(Options.Create(new DocumentOptions { Scanner = "ClamAV", ClamAV = clamAv }), NullLogger<ClamAvScanner>.Instance);

    [Fact]
    public async Task Clamd_names_the_test_virus_alone_inside_a_pdf_or_across_chunks_and_passes_clean_pdfs_over_its_socket_and_tcp()
    {
        // 1 MB: sixteen chunks, with the virus straddling the boundary of two of them.
        var large = new byte[1024 * 1024];
        "%PDF-1.4\n"u8.CopyTo(large);
        var largeInfected = large.ToArray();
        TestClamd.Eicar.CopyTo(largeInfected, 3 * 64 * 1024 - 30);

        foreach (var scanner in new[] { Scanner(new() { Socket = app.Clamd.Socket }), Scanner(new() { Host = "127.0.0.1", Port = app.Clamd.Port }) })
        {
            Assert.Equal(Found, (await scanner.ScanAsync(TestClamd.Eicar, default)).Threat);
            Assert.Equal(Found, (await scanner.ScanAsync(InfectedPdf, default)).Threat);
            Assert.Equal(Found, (await scanner.ScanAsync(largeInfected, default)).Threat);
            Assert.True((await scanner.ScanAsync(Applicants.Pdf, default)).IsClean);
            Assert.True((await scanner.ScanAsync(large, default)).IsClean);
        }
    }

    [Fact]
    public async Task A_clamd_that_cannot_be_reached_or_cannot_scan_is_an_unchecked_file_not_a_clean_one()
    {
        var missing = Scanner(new() { Socket = Path.Combine(Path.GetTempPath(), $"no-clamd-{Guid.NewGuid():N}.sock") });
        Assert.Equal(SharedText.DocScanUnavailable, (await Assert.ThrowsAsync<UnavailableException>(() => missing.ScanAsync(Applicants.Pdf, default))).Message);
        var closedPort = Scanner(new() { Host = "127.0.0.1", Port = Portal.Tests.Shared.PortalProcess.FreePort() });
        await Assert.ThrowsAsync<UnavailableException>(() => closedPort.ScanAsync(Applicants.Pdf, default));

        // The test clamd takes streams of at most 4 MB (its StreamMaxLength): a larger one is its "... ERROR", not "OK".
        var tooLarge = new byte[5 * 1024 * 1024];
        await Assert.ThrowsAsync<UnavailableException>(() => Scanner(new() { Socket = app.Clamd.Socket }).ScanAsync(tooLarge, default));
    }

    [Fact]
    public async Task An_infected_upload_is_refused_with_the_reason_and_on_the_record_nothing_is_kept_and_a_clean_one_is_accepted()
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var kind = draft.Product.RequiredDocuments[0];
        var filesBefore = Directory.GetFiles(app.DocumentsFolder).Length;

        var refused = await customer.SendAsync(Applicants.Upload(draft.Id, kind, InfectedPdf, "payslip.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith($"Our virus check found something harmful in this file ({Found})", Assert.Single((await Api.ErrorsAsync(refused))["File"]));
        var chinese = Applicants.Upload(draft.Id, kind, InfectedPdf, "payslip.pdf");
        chinese.Headers.AcceptLanguage.ParseAdd("zh-Hans");
        Assert.StartsWith($"我们的病毒检查在此文件中发现了有害内容（{Found}）", Assert.Single((await Api.ErrorsAsync(await customer.SendAsync(chinese)))["File"]));

        // Not stored, not listed (so no member of staff can ever open it), but the refusal is on the record.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.False(await db.Set<ApplicationDocument>().AnyAsync(d => d.ApplicationId == draft.Id));
            var refusals = await db.AuditEntries.Where(e => e.Reference == draft.Reference && e.Action == "RefuseInfectedDocument").ToListAsync();
            Assert.Equal(2, refusals.Count);
            Assert.All(refusals, e => Assert.Contains(Found, e.After));
        }
        Assert.Equal(filesBefore, Directory.GetFiles(app.DocumentsFolder).Length);
        Assert.Empty((await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{draft.Id}"))).Documents);

        var view = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(draft.Id, kind, Applicants.Pdf)));
        Assert.Equal(DocumentStatus.Pending, Assert.Single(view.Documents).Status);
        Assert.Equal(filesBefore + 1, Directory.GetFiles(app.DocumentsFolder).Length);
    }

    [Fact]
    public async Task While_clamd_cannot_be_reached_uploads_are_refused_as_unchecked_and_nothing_is_kept()
    {
        using var unreachable = app.WithWebHostBuilder(b =>
            b.UseSetting("Documents:ClamAV:Socket", Path.Combine(Path.GetTempPath(), $"no-clamd-{Guid.NewGuid():N}.sock")));
        var customer = unreachable.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await customer.SignInAsync(await app.CreateUserAsync(Roles.Customer));
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));
        var filesBefore = Directory.GetFiles(app.DocumentsFolder).Length;

        var response = await customer.SendAsync(Applicants.Upload(draft.Id, draft.Product.RequiredDocuments[0], Applicants.Pdf));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Equal("We could not check this file for viruses just now, so it was not accepted. Please try again in a few minutes.", problem!.Detail);
        Assert.Empty((await Applicants.Read<ApplicationView>(await customer.GetAsync($"{Applicants.Api}/{draft.Id}"))).Documents);
        Assert.Equal(filesBefore, Directory.GetFiles(app.DocumentsFolder).Length);
    }
}
