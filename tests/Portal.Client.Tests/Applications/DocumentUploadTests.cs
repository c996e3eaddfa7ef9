using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Documents;

namespace Portal.Client.Tests.Applications;

public sealed class DocumentUploadTests : ClientTestContext
{
    private readonly FakeApplications applications = new();

    public DocumentUploadTests() => Services.AddSingleton<IApplicationsService>(applications);

    [Fact]
    public void Choosing_a_file_uploads_it_at_once_and_shows_its_status()
    {
        applications.View = FakeApplications.NewView(missing: new Dictionary<string, string> { ["Document:National ID card"] = "Upload: National ID card" });
        var cut = Render<DocumentUploads>(p => p.Add(c => c.View, applications.View).Add(c => c.Changed, v => applications.View = v));
        Assert.Contains("Not uploaded yet", cut.Find("[data-testid=document-row]").TextContent);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary("%PDF-1.4"u8.ToArray(), "id-card.pdf", contentType: "application/pdf"));

        var (kind, name, content) = Assert.Single(applications.Uploaded);
        Assert.Equal(("National ID card", "id-card.pdf"), (kind, name));
        Assert.Equal("%PDF-1.4"u8.ToArray(), content);
        Assert.Empty(applications.View!.MissingForSubmit);
    }

    [Fact]
    public void A_refused_file_says_why_beside_the_document_and_a_rejected_one_shows_its_reason()
    {
        applications.View = FakeApplications.NewView() with
        {
            Documents = [new DocumentView(Guid.NewGuid(), "National ID card", "dark.jpg", "image/jpeg", 2048, new string('c', 64), DateTimeOffset.UnixEpoch,
                DocumentStatus.Rejected, "The scan is too dark to read.", "Zhang Min")],
        };
        applications.UploadFails = new ApiProblemException(HttpStatusCode.BadRequest, "Some of the information is not valid.",
            new Dictionary<string, string[]> { ["File"] = ["Only PDF, JPEG or PNG files are accepted."] });
        var cut = Render<DocumentUploads>(p => p.Add(c => c.View, applications.View));
        Assert.Contains("The scan is too dark to read.", cut.Find("[data-testid=document-rejection]").TextContent);
        Assert.Contains("Replace the file", cut.Markup);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("MZ", "id.pdf"));
        cut.WaitForAssertion(() => Assert.Contains("Only PDF, JPEG or PNG", cut.Find("[data-testid=upload-error]").TextContent));
    }

    [Fact]
    public void After_submission_documents_are_listed_without_upload_buttons()
    {
        applications.View = FakeApplications.NewView(ApplicationState.Submitted, actions: []);
        var cut = Render<DocumentUploads>(p => p.Add(c => c.View, applications.View));
        Assert.Empty(cut.FindComponents<InputFile>());
    }
}
