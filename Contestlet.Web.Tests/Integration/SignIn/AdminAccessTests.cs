using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.SignIn;

/// <summary>
/// Every admin page and endpoint, found from the app's own route table so new ones are covered the day they land,
/// denies anonymous visitors and contestants (docs/product.md §4, §9); admin access follows the admin list as it is now.
/// </summary>
public sealed class AdminAccessTests
{
    private const string Admin = "+15551234567";
    private const string Contestant = "(818) 555-0142";

    private static Task WithAppAsync(Func<ContestletAppFactory, WebApplicationFactory<Program>, Task> test,
        IReadOnlyDictionary<string, string?>? settings = null) =>
        DatabaseProviders.WithAppAsync("Sqlite", app => test(app, app.WithClientAddresses()), settings: settings);

    /// <summary>Every route under /admin with its HTTP methods, route parameters filled with a sample value.</summary>
    private static List<(string Method, string Path)> AdminEndpoints(WebApplicationFactory<Program> host)
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/admin", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), "{[^}]+}", "1"))))
            .Distinct()
            .ToList();
        Assert.Contains(("GET", "/admin"), endpoints);
        return endpoints;
    }

    private static HttpRequestMessage Request((string Method, string Path) endpoint) => new(new HttpMethod(endpoint.Method), endpoint.Path)
    {
        Content = endpoint.Method == "GET" ? null : new FormUrlEncodedContent([]),
    };

    [Fact]
    public Task SendsAnonymousVisitorsOfEveryAdminEndpointToSignIn() =>
        WithAppAsync(async (_, host) =>
        {
            var anonymous = new SignInBrowser(host);
            foreach (var endpoint in AdminEndpoints(host))
            {
                var response = await anonymous.SendAsync(Request(endpoint));
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(endpoint.Path)}", SignInBrowser.Target(response));
            }
        });

    [Fact]
    public Task ForbidsEveryAdminEndpointToContestants() =>
        WithAppAsync(async (_, host) =>
        {
            var contestant = new SignInBrowser(host);
            await contestant.SignInAsync(Contestant);
            foreach (var endpoint in AdminEndpoints(host))
            {
                var response = await contestant.SendAsync(Request(endpoint));
                var target = SignInBrowser.Target(response);
                Assert.StartsWith("/forbidden", target);
                Assert.Equal(HttpStatusCode.Forbidden, (await contestant.GetAsync(target)).StatusCode);
            }
        });

    [Fact]
    public Task OpensEveryAdminPageToAdmins() =>
        WithAppAsync(async (_, host) =>
        {
            var admin = new SignInBrowser(host);
            await admin.SignInAsync(Admin);
            foreach (var endpoint in AdminEndpoints(host).Where(e => e.Method == "GET" && !e.Path.Contains("/1", StringComparison.Ordinal)))
            {
                var response = await admin.SendAsync(Request(endpoint));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });

    [Fact]
    public Task ShowsTheAdminsDisplayNameInTheAppBarOnceSetElseTheMaskedNumber() =>
        WithAppAsync(async (_, host) =>
        {
            var admin = new SignInBrowser(host);
            await admin.SignInAsync(Admin);
            var before = await admin.GetStringAsync("/admin");

            var actor = new Contestlet.Web.Features.Admin.AdminActor(Admin, null);
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var saved = await scope.ServiceProvider.GetRequiredService<Contestlet.Web.Features.Admin.Profile.AdminProfiles>()
                    .SaveAsync(actor, "Dana at KZTR", "America/Chicago", CancellationToken.None);
                Assert.Empty(saved.FieldErrors);
                Assert.True(saved.Succeeded);
            }

            var after = await admin.GetStringAsync("/admin");

            Assert.Matches("data-testid=\"admin-identity\"[^>]*>\\+1•••••4567<", before);
            Assert.Matches("data-testid=\"admin-identity\"[^>]*>Dana at KZTR<", after);
        });

    [Fact]
    public Task RevokesAdminAccessOnTheNextRequestGivenTheNumberRemovedFromTheList() =>
        WithAppAsync(async (_, host) =>
        {
            var admin = new SignInBrowser(host);
            await admin.SignInAsync(Admin);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);

            // The settings change under the running app: the list now holds only the other admin.
            var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
            configuration["Auth:AdminPhones:0"] = "+18187958204";
            configuration["Auth:AdminPhones:1"] = "+18187958204";
            configuration.Reload();

            var next = await admin.GetAsync("/admin");
            Assert.StartsWith("/forbidden", SignInBrowser.Target(next));
            Assert.DoesNotContain(">Admin<", await admin.GetStringAsync("/"));
            Assert.Contains("Sign out", await admin.GetStringAsync("/"));
        }, new Dictionary<string, string?> { ["Auth:AdminPhones:0"] = Admin, ["Auth:AdminPhones:1"] = "+18187958204" });

    [Fact]
    public Task RevokesAdminAccessGivenAnInstanceStartedWithoutTheNumber() =>
        WithAppAsync(async (app, host) =>
        {
            var admin = new SignInBrowser(host);
            await admin.SignInAsync(Admin);

            // Redeployed with a new ADMIN_PHONES: the old cookie still says Admin, and is not believed.
            await using var redeployed = new ContestletAppFactory(app.Database, settings: new Dictionary<string, string?>
            {
                ["Auth:AdminPhones:0"] = "+18187958204",
                ["Auth:AdminPhones:1"] = "(818) 795-8204",
            });
            var sameCookie = admin.Clone(redeployed);

            Assert.StartsWith("/forbidden", SignInBrowser.Target(await sameCookie.GetAsync("/admin")));
            Assert.Contains("Sign out", await sameCookie.GetStringAsync("/"));
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
        });

    [Fact]
    public Task EndsAnAdminSessionAfterTwelveHoursIdle() =>
        WithAppAsync(async (app, host) =>
        {
            var admin = new SignInBrowser(host);
            await admin.SignInAsync(Admin);
            app.Time.Advance(TimeSpan.FromHours(11));
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
            app.Time.Advance(TimeSpan.FromHours(11));
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);

            app.Time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
            var idle = await admin.GetAsync("/admin");

            Assert.Equal("/signin?returnUrl=%2Fadmin", SignInBrowser.Target(idle));
        });

    [Fact]
    public Task KeepsAContestantSignedInUntilThirtyDaysWithoutAVisit() =>
        WithAppAsync(async (app, host) =>
        {
            var contestant = new SignInBrowser(host);
            await contestant.SignInAsync(Contestant);

            app.Time.Advance(TimeSpan.FromDays(29));
            Assert.Contains("Sign out", await contestant.GetStringAsync("/"));
            app.Time.Advance(TimeSpan.FromDays(29));
            Assert.Contains("Sign out", await contestant.GetStringAsync("/"));

            app.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
            Assert.Contains(">Sign in<", await contestant.GetStringAsync("/"));
        });
}
