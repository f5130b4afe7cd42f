using System.Net;
using Contestlet.Web.Features.Admin;

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
}
