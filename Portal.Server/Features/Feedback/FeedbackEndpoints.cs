using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Security;

namespace Portal.Server.Features.Feedback;

public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/applications/{id:guid}/ratings").WithTags("Feedback").RequireCsrfHeader().RequireAuthorization(Permissions.ApplyForLoans);
        api.MapGet("/", async (Guid id, IFeedbackService f, CancellationToken ct) => TypedResults.Ok(await f.RatingsAsync(id, ct)))
            .WithSummary("The stages the customer may rate, and the ratings given");
        api.MapPost("/", async (Guid id, RateService body, IFeedbackService f, CancellationToken ct) => TypedResults.Ok(await f.RateAsync(id, body, ct)))
            .WithSummary("Rate the service (1–5, with a comment) after the decision or the payout, once each");
        return app;
    }
}
