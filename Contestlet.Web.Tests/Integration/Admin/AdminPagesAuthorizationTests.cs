using System.Net;
using System.Reflection;
using Contestlet.Web.Components.Layout;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Contestlet.Web.Tests.Integration.Admin;

public sealed class AdminPagesAuthorizationTests
{
    public static TheoryData<string> Pages => new(
        AdminPages.Navigation.Select(link => link.Href).Concat(["/admin/contests/new", "/admin/contests/1/edit"]));

    [Fact]
    public void ListsEveryAdminPageInTheNavigation() =>
        Assert.Equal(["/admin/contests", "/admin/import", "/admin/trash", "/admin/messages", "/admin/notifications", "/admin/audit", "/admin/profile"], AdminPages.Navigation.Select(l => l.Href));

    [Theory]
    [MemberData(nameof(Pages))]
    public Task RedirectsAnonymousVisitorsToSignIn(string path) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var response = await app.CreateBrowserlessClient().GetAsync(path);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
        });

    /// <summary>
    /// The Admin policy and layout are declared once, in Features/Admin/_Imports.razor, for every page there; the draw page
    /// (with the draw, in Features/Draws) declares them itself.
    /// </summary>
    [Fact]
    public void RequiresTheAdminPolicyOnEveryAdminPage()
    {
        var pages = typeof(AdminPages).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes<RouteAttribute>().Any(r => r.Template.StartsWith("/admin", StringComparison.Ordinal)))
            .ToList();

        Assert.Contains(typeof(DrawPage), pages);
        Assert.True(pages.Count >= 10, $"Only {pages.Count} admin pages found.");
        Assert.All(pages, page =>
        {
            Assert.Equal(WebSetup.AdminPolicy, page.GetCustomAttribute<AuthorizeAttribute>()?.Policy);
            Assert.Equal(typeof(AdminLayout), page.GetCustomAttribute<LayoutAttribute>()?.LayoutType);
        });
    }
}
