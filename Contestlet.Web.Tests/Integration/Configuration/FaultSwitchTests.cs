using System.Net;

namespace Contestlet.Web.Tests.Integration.Configuration;

/// <summary>
/// The canary drill's broken build (Dev:FailContestPages, ADR 018): contest pages fail with the friendly error page while
/// health stays up; off, the same request is an ordinary 404. Production refuses the switch (StartupRefusalTests).
/// </summary>
public sealed class FaultSwitchTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ContestPagesFailWhileHealthStaysUp(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            // Development with Debug off: the error page users see in Staging (the developer page would show the exception).
            var settings = new Dictionary<string, string?> { ["Security:Debug"] = "false", ["Dev:FailContestPages"] = "true" };
            await using var app = new ContestletAppFactory(database, "Development", settings);
            var client = app.CreateClient();

            var page = await client.GetAsync("/c/nosuchcode");
            Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
            var body = await page.Content.ReadAsStringAsync();
            Assert.Contains("try again", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Injected fault", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).StatusCode);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task OffContestPagesAnswerAsUsual(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var settings = new Dictionary<string, string?> { ["Security:Debug"] = "false" };
            await using var app = new ContestletAppFactory(database, "Development", settings);
            Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/c/nosuchcode")).StatusCode);
        });
}
