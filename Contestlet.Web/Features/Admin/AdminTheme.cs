using MudBlazor;

namespace Contestlet.Web.Features.Admin;

/// <summary>
/// The console's theme. Every palette colour that MudBlazor puts white text on (filled buttons, chips, snackbars, alerts)
/// or uses as text on white (outlined and text buttons, links, labels) reaches WCAG AA's 4.5:1 against white; MudBlazor's
/// defaults (Success #00c853, Info #2196f3, Warning #ff9800, Error #f44336, secondary text at 54% black) do not, and axe
/// reports them as serious colour-contrast violations (docs/product.md §3, §9; checked in the journeys by
/// <c>Contestlet.E2E.Infrastructure.Accessibility</c>).
/// </summary>
public static class AdminTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4338ca",      // 7.9:1 on white
            Secondary = "#0f766e",    // 5.5:1
            Tertiary = "#7e22ce",     // 7.1:1
            Info = "#0369a1",         // 5.9:1
            Success = "#15803d",      // 5.0:1
            Warning = "#b45309",      // 5.0:1
            Error = "#b91c1c",        // 6.5:1
            Dark = "#374151",         // 10.3:1
            TextPrimary = "#1f2937",  // 14.7:1
            TextSecondary = "#4b5563", // 7.6:1
            ActionDefault = "#4b5563",
            AppbarBackground = "#312e81",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"] },
        },
    };
}
