using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Contestlet.Web.Tests.Components;

/// <summary>
/// Issue 13 item 13: a link from the console (an interactive circuit) to a public page must load that page from the
/// server. Pages marked [ExcludeFromInteractiveRouting] make Blazor's interactive router do a full page load instead
/// of rendering them inside the circuit, where their HttpContext is null and their forms cannot post.
/// </summary>
public sealed class PublicPagesStayStaticTests
{
    private static readonly IReadOnlyList<(Type Page, string[] Routes)> Pages = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .Select(t => (t, t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ToArray()))
        .Where(p => p.Item2.Length > 0)
        .ToList();

    [Fact]
    public void EveryPageOutsideTheConsoleIsExcludedFromInteractiveRouting()
    {
        var publicPages = Pages.Where(p => !p.Routes.All(IsConsole)).ToList();

        Assert.Contains(publicPages, p => p.Routes.Contains("/c/{Code}"));
        var interactive = publicPages.Where(p => !p.Page.IsDefined(typeof(ExcludeFromInteractiveRoutingAttribute), inherit: true))
            .Select(p => $"{p.Page.Name} ({string.Join(", ", p.Routes)})").ToList();
        Assert.True(interactive.Count == 0, "Public pages the console's circuit would render: " + string.Join("; ", interactive));
    }

    [Fact]
    public void ConsolePagesStayInTheCircuit()
    {
        var console = Pages.Where(p => p.Routes.All(IsConsole)).ToList();

        Assert.NotEmpty(console);
        Assert.All(console, p => Assert.False(p.Page.IsDefined(typeof(ExcludeFromInteractiveRoutingAttribute), inherit: true), p.Page.Name));
    }

    private static bool IsConsole(string route) => route == "/admin" || route.StartsWith("/admin/", StringComparison.Ordinal);
}
