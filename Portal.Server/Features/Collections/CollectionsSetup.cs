using Portal.Shared.Features.Collections;

namespace Portal.Server.Features.Collections;

/// <summary>Collections: overdue loans, contacts, promises, the watch list and disposal.</summary>
public static class CollectionsSetup
{
    public static IHostApplicationBuilder AddCollections(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ICollectionsService, CollectionsService>();
        return builder;
    }
}
