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
using Portal.Client.Features.Complaints;
using Portal.Client.Features.Dashboard;
using Portal.Client.Features.Feedback;
using Portal.Client.Features.Payments;
using Portal.Client.Features.Promotions;
using Portal.Client.Features.Prospects;
using Portal.Client.Features.Staff;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Audit;
using Portal.Shared.Features.Casework;
using Portal.Shared.Features.Messages;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Collections;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Dashboard;
using Portal.Shared.Features.Feedback;
using Portal.Shared.Features.Payments;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Features.Prospects;
using Portal.Shared.Features.Staff;
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

// Every feature's service is the typed client of its endpoints, with the headers the API asks for (ApiHeaders).
var site = new Uri(builder.HostEnvironment.BaseAddress);
void Api<TService, TClient>() where TService : class where TClient : class, TService =>
    builder.Services.AddHttpClient<TService, TClient>(c => c.BaseAddress = site).AddHttpMessageHandler<ApiHeaders>();

Api<ICatalogService, CatalogHttpClient>();
Api<IApplicationsService, ApplicationsHttpClient>();
Api<ICaseworkService, CaseworkHttpClient>();
Api<IWorkQueueService, WorkQueueHttpClient>();
Api<IAuditService, AuditHttpClient>();
Api<IStaffAccountsService, StaffAccountsHttpClient>();
Api<IMessagesService, MessagesHttpClient>();
Api<IOutboxService, OutboxHttpClient>();
Api<IFeedbackService, FeedbackHttpClient>();
Api<IPromotionsService, PromotionsHttpClient>();
Api<IPromotionsAdminService, PromotionsAdminHttpClient>();
Api<IComplaintsService, ComplaintsHttpClient>();
Api<IDashboardService, DashboardHttpClient>();
Api<ICollectionsService, CollectionsHttpClient>();
Api<ILoansService, LoansHttpClient>();
Api<IPaymentsService, PaymentsHttpClient>();
Api<IServicingService, ServicingHttpClient>();
Api<IProspectsService, ProspectsHttpClient>();
Api<IScreeningService, ScreeningHttpClient>();

await builder.Build().RunAsync();
