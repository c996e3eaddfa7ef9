using Portal.Server.Infrastructure;
using Portal.Shared.Features.Messages;
using Portal.Shared.Security;

namespace Portal.Server.Features.Messages;

public static class MessagesEndpoints
{
    public static IEndpointRouteBuilder MapMessagesEndpoints(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/notifications").WithTags("Messages").RequireCsrfHeader().RequireAuthorization();
        inbox.MapGet("/", async (IMessagesService messages, CancellationToken ct) => TypedResults.Ok(await messages.InboxAsync(ct)))
            .WithSummary("The caller's latest notifications and the unread count");
        inbox.MapPost("/read", async (IMessagesService messages, CancellationToken ct) =>
            {
                await messages.MarkInboxReadAsync(ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Mark the caller's notifications read");

        var mine = app.MapGroup("/api/messages").WithTags("Messages").RequireCsrfHeader().RequireAuthorization(Permissions.ApplyForLoans);
        mine.MapGet("/", async (IMessagesService m, CancellationToken ct) => TypedResults.Ok(await m.MyThreadsAsync(ct)))
            .WithSummary("The customer's threads with unread counts");
        mine.MapGet("/applications/{id:guid}", async (Guid id, IMessagesService m, CancellationToken ct) => TypedResults.Ok(await m.ApplicationThreadAsync(id, ct)));
        mine.MapPost("/applications/{id:guid}", async (Guid id, SendMessage body, IMessagesService m, CancellationToken ct) =>
            TypedResults.Ok(await m.SendOnApplicationAsync(id, body, ct)));
        mine.MapGet("/products/{slug}", async (string slug, IMessagesService m, CancellationToken ct) => TypedResults.Ok(await m.ProductThreadAsync(slug, ct)));
        mine.MapPost("/products/{slug}", async (string slug, SendMessage body, IMessagesService m, CancellationToken ct) =>
            TypedResults.Ok(await m.AskAboutProductAsync(slug, body, ct)));

        var staff = app.MapGroup("/api/staff/messages").WithTags("Messages").RequireCsrfHeader().RequireAuthorization(Permissions.StaffArea);
        staff.MapGet("/applications/{id:guid}", async (Guid id, IMessagesService m, CancellationToken ct) => TypedResults.Ok(await m.CaseThreadAsync(id, ct)));
        staff.MapPost("/applications/{id:guid}", async (Guid id, SendMessage body, IMessagesService m, CancellationToken ct) =>
            TypedResults.Ok(await m.ReplyOnCaseAsync(id, body, ct)));
        staff.MapGet("/product-questions", async (IMessagesService m, CancellationToken ct) => TypedResults.Ok(await m.ProductQuestionsAsync(ct)));
        staff.MapGet("/product-questions/{customerId}/{slug}", async (string customerId, string slug, IMessagesService m, CancellationToken ct) =>
            TypedResults.Ok(await m.ProductQuestionAsync(customerId, slug, ct)));
        staff.MapPost("/product-questions/{customerId}/{slug}", async (string customerId, string slug, SendMessage body, IMessagesService m, CancellationToken ct) =>
            TypedResults.Ok(await m.AnswerProductQuestionAsync(customerId, slug, body, ct)));
        var outbox = app.MapGroup("/api/staff/email-outbox").WithTags("Messages").RequireCsrfHeader().RequireAuthorization(Permissions.ReadEmailOutbox);
        outbox.MapGet("/", async (OutboxStatus? status, IOutboxService o, CancellationToken ct) => TypedResults.Ok(await o.OutboxAsync(status, ct)))
            .WithSummary("The email outbox: counts by state and the latest emails");
        outbox.MapPost("/{id:long}/retry", async (long id, IOutboxService o, CancellationToken ct) => TypedResults.Ok(await o.RetryAsync(id, ct)))
            .WithSummary("Send a failed email again");
        return app;
    }
}
