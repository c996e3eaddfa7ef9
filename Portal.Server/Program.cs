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

// The first administrator (or a way back in): prints a single-use set-up link, then exits. See AdminCommand.
if (args is [Portal.Server.Features.Staff.AdminCommand.Name, ..])
{
    await app.PrepareDatabaseAsync(explicitStep: true);
    Environment.ExitCode = await Portal.Server.Features.Staff.AdminCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
    return;
}

await app.PrepareDatabaseAsync();

app.UsePortalPipeline();
app.MapPortalEndpoints();
app.MapPortalPages();

app.Run();

// Visible to WebApplicationFactory<Program> in the integration tests.
public partial class Program;
