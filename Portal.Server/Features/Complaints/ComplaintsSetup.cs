using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Complaints;

public sealed class ComplaintOptions
{
    /// <summary>Calendar days the lender gives itself for the final answer.</summary>
    public int ResponseDays { get; set; } = 15;
}

/// <summary>Complaints: the customer's case, staff answers, and the response deadline.</summary>
public static class ComplaintsSetup
{
    public static IHostApplicationBuilder AddComplaints(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ComplaintOptions>().Bind(builder.Configuration.GetSection("Complaints"))
            .Validate(o => o.ResponseDays is >= 1 and <= 90, "Complaints:ResponseDays must be from 1 to 90.").ValidateOnStart();
        builder.Services.AddScoped<IComplaintsService, ComplaintsService>();
        return builder;
    }
}
