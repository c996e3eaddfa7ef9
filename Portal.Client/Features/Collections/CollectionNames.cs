using MudBlazor;
using Portal.Shared.Features.Collections;

namespace Portal.Client.Features.Collections;

public static class CollectionNames
{
    /// <summary>A broken promise stands out; a kept one reassures.</summary>
    public static Color ColorOf(PromiseState? state) => state switch
    {
        PromiseState.Broken => Color.Error,
        PromiseState.Kept => Color.Success,
        _ => Color.Default,
    };
}
