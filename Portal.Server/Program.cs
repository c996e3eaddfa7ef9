using Portal.Server;
using Portal.Server.Components;
using Portal.Server.Data;
using Portal.Server.Features.Catalog;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortal();

var app = builder.Build();

// The explicit setup step for several instances: migrate (and seed, if asked), then exit.
if (args is ["migrate", ..])
{
    await app.PrepareDatabaseAsync(explicitStep: true);
    return;
}

await app.PrepareDatabaseAsync();

app.UsePortalPipeline();
app.MapPortalEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveWebAssemblyRenderMode()
    .AddAdditionalAssemblies(typeof(Portal.Client._Imports).Assembly)
    .CacheOutput(PublicPages.Policy); // anonymous catalog pages only: the policy decides

app.Run();

// Visible to WebApplicationFactory<Program> in the integration tests.
public partial class Program;
