using MudBlazor;
using MudBlazor.Services;

namespace Portal.Client.Layout;

/// <summary>MudBlazor's settings, the same for prerendering on the server and in the browser.</summary>
public static class MudSettings
{
    /// <summary>Messages ("Saved", "Published") at the bottom: at the top they cover a phone's page title.</summary>
    public static void Apply(MudServicesConfiguration c) =>
        c.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter;
}
