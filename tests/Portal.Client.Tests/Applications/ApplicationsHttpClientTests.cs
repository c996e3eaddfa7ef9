using System.Net;
using System.Text;
using Portal.Client.Features.Applications;
using Portal.Shared.Features.Applications;

namespace Portal.Client.Tests.Applications;

public sealed class ApplicationsHttpClientTests
{
    private sealed class Handler(HttpStatusCode status, string json) : HttpMessageHandler
    {
        public HttpRequestMessage? Request;
        public string? Body;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Request = request;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/problem+json") };
        }
    }

    private static ApplicationsHttpClient Client(Handler handler) => new(new HttpClient(handler) { BaseAddress = new Uri("http://portal.test/") });

    [Fact]
    public async Task An_unknown_application_is_null()
    {
        var handler = new Handler(HttpStatusCode.NotFound, """{"title":"Not found"}""");

        Assert.Null(await Client(handler).GetMineAsync(FakeApplications.Id));
        Assert.Equal($"http://portal.test/api/applications/{FakeApplications.Id}", handler.Request!.RequestUri!.ToString());
    }

    [Fact]
    public async Task A_refused_draft_carries_the_field_errors()
    {
        var handler = new Handler(HttpStatusCode.BadRequest,
            """{"title":"Some of the information is not valid.","status":400,"errors":{"Amount":["Too small."]}}""");

        var e = await Assert.ThrowsAsync<ApiProblemException>(() =>
            Client(handler).SaveDraftAsync(FakeApplications.Id, new SaveDraft(new ApplicationDraft { Amount = 100m }, Guid.Empty)));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal(["Too small."], e.Errors["Amount"]);
        Assert.Equal(HttpMethod.Post, handler.Request!.Method);
        Assert.EndsWith($"api/applications/{FakeApplications.Id}/draft", handler.Request.RequestUri!.ToString());
        Assert.Contains("\"amount\":100", handler.Body);
    }

    [Fact]
    public async Task Withdraw_posts_the_stamp_and_a_conflict_says_why()
    {
        var handler = new Handler(HttpStatusCode.Conflict, """{"title":"Conflict","detail":"This application was changed elsewhere."}""");
        var stamp = Guid.NewGuid();

        var e = await Assert.ThrowsAsync<ApiProblemException>(() => Client(handler).WithdrawAsync(FakeApplications.Id, new ApplicationCommand(stamp)));

        Assert.Equal("This application was changed elsewhere.", e.Message);
        Assert.EndsWith($"api/applications/{FakeApplications.Id}/withdraw", handler.Request!.RequestUri!.ToString());
        Assert.Contains(stamp.ToString(), handler.Body);
    }
}
