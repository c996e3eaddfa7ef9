using Portal.Shared.Features.Feedback;

namespace Portal.Server.Features.Feedback;

/// <summary>Customers' ratings of the service at each stage.</summary>
public static class FeedbackSetup
{
    public static IHostApplicationBuilder AddFeedback(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IFeedbackService, FeedbackService>();
        return builder;
    }
}
