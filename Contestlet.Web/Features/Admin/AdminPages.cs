namespace Contestlet.Web.Features.Admin;

/// <summary>The console's navigation. Pages join this list as their features land.</summary>
public static class AdminPages
{
    public sealed record Link(string Title, string Href, string Icon);

    public static IReadOnlyList<Link> Navigation { get; } =
    [
        new("Notification log", "/admin/notifications", MudBlazor.Icons.Material.Filled.Sms),
    ];
}
