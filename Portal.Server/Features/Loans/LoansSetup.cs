using Portal.Shared.Features.Loans;
using Portal.Shared.Lending;

namespace Portal.Server.Features.Loans;

/// <summary>Servicing settings (<c>Servicing:*</c>).</summary>
public sealed class ServicingOptions
{
    /// <summary>Days past due where a loan becomes substandard, doubtful and loss.</summary>
    public int SubstandardAfterDays { get; set; } = 90;
    public int DoubtfulAfterDays { get; set; } = 180;
    public int LossAfterDays { get; set; } = 360;

    /// <summary>Reminders: this many days before a due date, on it, and on these days overdue (counted after the grace days).</summary>
    public int RemindDaysBefore { get; set; } = 3;
    /// <remarks>Empty here because configuration binding appends to an array's defaults; see <see cref="OverdueReminderDays"/>.</remarks>
    public int[] RemindDaysOverdue { get; set; } = [];

    public IReadOnlyList<int> OverdueReminderDays => RemindDaysOverdue.Length > 0 ? RemindDaysOverdue : [1, 7, 30];

    /// <summary>Whether this instance runs the day's review by itself; operations can always run it on demand.</summary>
    public bool RunDaily { get; set; } = true;

    /// <summary>The lender's time of day after which the hosted daily run reviews the day.</summary>
    public TimeOnly DailyRunAt { get; set; } = new(1, 0);

    /// <summary>How far ahead a customer may ask for a payoff quote.</summary>
    public int PayoffQuoteMaxDays { get; set; } = 60;

    public ClassificationThresholds Thresholds => new(SubstandardAfterDays, DoubtfulAfterDays, LossAfterDays);
}

/// <summary>Loans after payout: the customer's loan pages and the daily run over the book.</summary>
public static class LoansSetup
{
    public static IHostApplicationBuilder AddLoans(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ServicingOptions>(builder.Configuration.GetSection("Servicing"));
        services.AddScoped<LoansService>();
        services.AddScoped<ILoansService>(sp => sp.GetRequiredService<LoansService>());
        services.AddScoped<DailyRunService>();
        services.AddScoped<IServicingService>(sp => sp.GetRequiredService<DailyRunService>());
        services.AddSingleton<DailyRunScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyRunScheduler>());
        return builder;
    }
}
