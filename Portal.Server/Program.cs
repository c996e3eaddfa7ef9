using Portal.Server;
using Portal.Server.Data;

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
app.MapPortalPages();

app.Run();

// Visible to WebApplicationFactory<Program> in the integration tests.
public partial class Program;
