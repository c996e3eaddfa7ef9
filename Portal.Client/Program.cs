using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using MudBlazor.Services;
using Portal.Client;
using Portal.Client.Features.Applications;
using Portal.Client.Features.Audit;
using Portal.Client.Features.Casework;
using Portal.Client.Features.Messages;
using Portal.Client.Features.Catalog;
using Portal.Client.Features.Collections;
using Portal.Client.Features.Loans;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Audit;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Loans;
using Portal.Shared.Security;

var builder = WebAssemblyHostBuilder.CreateDefault(args);

// The same permission table as the server, so the UI offers only what the server allows.
builder.Services.AddAuthorizationCore(o => o.AddPermissionPolicies());
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddAuthenticationStateDeserialization();
builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
builder.Services.AddMudServices(Portal.Client.Layout.MudSettings.Apply);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddTransient<ApiHeaders>();
builder.Services.AddHttpClient<ICatalogService, CatalogHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<IApplicationsService, ApplicationsHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();

builder.Services.AddHttpClient<ICaseworkService, CaseworkHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<IAuditService, AuditHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<Portal.Shared.Features.Staff.IStaffAccountsService, Portal.Client.Features.Staff.StaffAccountsHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();

builder.Services.AddHttpClient<IMessagesService, MessagesHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<IOutboxService, OutboxHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<Portal.Shared.Features.Feedback.IFeedbackService, Portal.Client.Features.Feedback.FeedbackHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<Portal.Shared.Features.Promotions.IPromotionsService, Portal.Client.Features.Promotions.PromotionsHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<Portal.Shared.Features.Complaints.IComplaintsService, Portal.Client.Features.Complaints.ComplaintsHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<Portal.Shared.Features.Dashboard.IDashboardService, Portal.Client.Features.Dashboard.DashboardHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddHttpClient<ICollectionsService, CollectionsHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();

// One client speaks to the loans, payments and servicing endpoints; each interface resolves to it.
builder.Services.AddHttpClient<LoansHttpClient>(c => c.BaseAddress = new Uri(builder.HostEnvironment.BaseAddress))
    .AddHttpMessageHandler<ApiHeaders>();
builder.Services.AddTransient<ILoansService>(sp => sp.GetRequiredService<LoansHttpClient>());
builder.Services.AddTransient<IPaymentsService>(sp => sp.GetRequiredService<LoansHttpClient>());
builder.Services.AddTransient<IServicingService>(sp => sp.GetRequiredService<LoansHttpClient>());

await builder.Build().RunAsync();
