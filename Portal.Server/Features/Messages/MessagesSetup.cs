using Portal.Shared.Features.Messages;

namespace Portal.Server.Features.Messages;

/// <summary>Messages between customers and staff, notifications and the emails announcing them, the email outbox's staff view.</summary>
public static class MessagesSetup
{
    public static IHostApplicationBuilder AddMessages(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<Notifier>();
        services.AddScoped<IMessagesService, MessagesService>();
        services.AddScoped<IOutboxService, OutboxService>();
        services.AddOptions<NotificationMailOptions>().Bind(builder.Configuration.GetSection("Notifications"))
            .Validate(o => o is { PollSeconds: > 0, ClaimMinutes: > 0, MaxAttempts: >= 1 },
                "Notifications:PollSeconds and Notifications:ClaimMinutes must be more than 0, Notifications:MaxAttempts at least 1.")
            .ValidateOnStart();
        services.AddSingleton<NotificationMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationMailer>());
        return builder;
    }
}
