using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Complaints;
using Portal.Server.Features.Feedback;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Messages;
using Portal.Server.Features.Promotions;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Dashboard;
using Portal.Shared.Formatting;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Dashboard;

public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/dashboard").WithTags("Dashboard").RequireCsrfHeader().RequireAuthorization(Permissions.ViewDashboard);
        api.MapGet("/", async ([AsParameters] DashboardQuery q, IDashboardService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(q.ToFilter(), ct)))
            .WithSummary("KPIs of a period (and optionally a product, team, customer manager or promotion); a customer manager gets their own");
        api.MapGet("/choices", async (IDashboardService s, CancellationToken ct) => TypedResults.Ok(await s.ChoicesAsync(ct)))
            .WithSummary("The products, teams, managers and promotions the caller may filter by");
        return app;
    }

    public sealed record DashboardQuery(DateOnly From, DateOnly To, int? Product, string? Team, string? Manager, int? Promotion)
    {
        public DashboardFilter ToFilter() => new()
        {
            From = From, To = To, ProductId = Product, Team = string.IsNullOrWhiteSpace(Team) ? null : Team,
            ManagerId = string.IsNullOrWhiteSpace(Manager) ? null : Manager, PromotionId = Promotion,
        };
    }
}
