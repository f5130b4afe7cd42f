using MudBlazor;

namespace Contestlet.Web.Features.Admin;

/// <summary>The console's navigation. Pages join this list as their features land.</summary>
public static class AdminPages
{
    public sealed record Link(string Title, string Href, string Icon);

    public static IReadOnlyList<Link> Navigation { get; } =
    [
        new("Contests", "/admin/contests", Icons.Material.Filled.EmojiEvents),
        new("Import", "/admin/import", Icons.Material.Filled.UploadFile),
        new("Trash", "/admin/trash", Icons.Material.Filled.Delete),
        new("Messages", "/admin/messages", Icons.Material.Filled.Campaign),
        new("Notification log", "/admin/notifications", Icons.Material.Filled.Sms),
        new("Audit log", "/admin/audit", Icons.Material.Filled.History),
        new("Profile", "/admin/profile", Icons.Material.Filled.Person),
    ];
}
