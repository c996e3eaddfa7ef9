using Portal.Server;
using Portal.Server.Components;
using Portal.Server.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalDatabase();
builder.AddPortalIdentity();
Portal.Server.Infrastructure.Email.EmailSetup.AddPortalEmail(builder);
builder.AddPortalWeb();
builder.AddPortalFeatures();

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UsePortalPipeline();
app.MapPortalEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveWebAssemblyRenderMode()
    .AddAdditionalAssemblies(typeof(Portal.Client._Imports).Assembly);

app.Run();

// Visible to WebApplicationFactory<Program> in the integration tests.
public partial class Program;
