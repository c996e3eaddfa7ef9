using MudBlazor;

namespace Portal.Client.Layout;

public static class PortalTheme
{
    // Dark primary so white text on it passes WCAG AA contrast.
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4f7a",
            Secondary = "#0f6e5c",
            AppbarBackground = "#1d4f7a",
            Success = "#1b6e3a",
            Error = "#b3261e",
            Warning = "#8a5300",
            Info = "#1d5fa8",
            TextSecondary = "#4a4f55",
        },
        Typography = new Typography
        {
            H1 = new H1Typography { FontSize = "2rem", FontWeight = "500", LineHeight = "1.25" },
            H2 = new H2Typography { FontSize = "1.5rem", FontWeight = "500", LineHeight = "1.3" },
            H3 = new H3Typography { FontSize = "1.25rem", FontWeight = "500", LineHeight = "1.35" },
        },
    };
}
