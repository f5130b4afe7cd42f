using System.Net;
using System.Text.Json;

namespace Contestlet.Web.Tests.Integration.Health;

public sealed class HealthTests
{
    [Fact]
    public Task LivenessReportsStatusEnvironmentVersionAndCommit() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var response = await app.CreateClient().GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("Development", json.RootElement.GetProperty("environment").GetString());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("version").GetString()));
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("commit").GetString()));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ReadinessIsOkGivenReachableMigratedDatabase(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (status, body) = await ReadyAsync(app, IPAddress.Loopback);
            Assert.Equal(HttpStatusCode.OK, status);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("ok", json.RootElement.GetProperty("database").GetString());
            Assert.Equal("current", json.RootElement.GetProperty("schema").GetString());
            Assert.Equal("mock", json.RootElement.GetProperty("sms").GetString());
        });

    [Fact]
    public Task ReadinessFailsGivenUnreachableDatabase() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=y;Timeout=2",
            };
            await using var app = new ContestletAppFactory(database, settings: settings);
            var (status, body) = await ReadyAsync(app, IPAddress.Loopback);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("\"database\":\"unreachable\"", body);
        });

    [Fact]
    public Task ReadinessFailsGivenSchemaBehindTheBuild() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            await using (var db = app.CreateDbContext())
            {
                await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
                    "DELETE FROM \"__EFMigrationsHistory\"");
            }

            var (status, body) = await ReadyAsync(app, IPAddress.Loopback);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("\"schema\":\"behind\"", body);

            // A stranger learns that it is down, not why.
            var (publicStatus, publicBody) = await ReadyAsync(app, IPAddress.Parse("203.0.113.7"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, publicStatus);
            Assert.Equal("""{"status":"not-ready"}""", publicBody);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ReadinessTellsDetailsOnlyToLoopbackOrTheTokenAndUpDownToEveryoneElse(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (loopbackStatus, loopback) = await ReadyAsync(app, IPAddress.Loopback);
            Assert.Equal(HttpStatusCode.OK, loopbackStatus);
            Assert.Contains("\"commit\":", loopback);
            Assert.Contains("\"pendingMigrations\":", loopback);
            Assert.Contains("\"sms\":\"mock\"", loopback);
            var (ipv6Status, ipv6) = await ReadyAsync(app, IPAddress.IPv6Loopback);
            Assert.Equal(HttpStatusCode.OK, ipv6Status);
            Assert.Contains("\"sms\":\"mock\"", ipv6);

            var (publicStatus, stranger) = await ReadyAsync(app, IPAddress.Parse("198.51.100.20"));
            Assert.Equal(HttpStatusCode.OK, publicStatus);
            Assert.Equal("""{"status":"ready"}""", stranger);

            // Through nginx: the connection is from 127.0.0.1 but the client is who X-Forwarded-For names (nginx appends
            // the real address last, so a client's own "127.0.0.1" in front of it changes nothing).
            var (_, proxied) = await ReadyAsync(app, IPAddress.Loopback, forwardedFor: "198.51.100.20");
            Assert.Equal("""{"status":"ready"}""", proxied);
            var (_, spoofed) = await ReadyAsync(app, IPAddress.Loopback, forwardedFor: "127.0.0.1, 198.51.100.20");
            Assert.Equal("""{"status":"ready"}""", spoofed);
            var (_, localThroughProxy) = await ReadyAsync(app, IPAddress.Loopback, forwardedFor: "127.0.0.1");
            Assert.Contains("\"sms\":\"mock\"", localThroughProxy);

            // A stranger who claims to be a proxy is not trusted: only loopback proxies are.
            var (_, fakeProxy) = await ReadyAsync(app, IPAddress.Parse("198.51.100.21"), forwardedFor: "127.0.0.1");
            Assert.Equal("""{"status":"ready"}""", fakeProxy);
        });

    [Fact]
    public Task ReadinessTellsDetailsToARemoteCallerWithTheConfiguredTokenOnly() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var stranger = IPAddress.Parse("198.51.100.20");
            var (_, withToken) = await ReadyAsync(app, stranger, token: HealthToken);
            Assert.Contains("\"sms\":\"mock\"", withToken);
            var (_, wrongToken) = await ReadyAsync(app, stranger, token: HealthToken[..^1] + "x");
            Assert.Equal("""{"status":"ready"}""", wrongToken);
        }, settings: new Dictionary<string, string?> { ["Security:HealthToken"] = HealthToken });

    [Fact]
    public Task ReadinessIgnoresAnEmptyTokenWhenNoneIsConfigured() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var (_, body) = await ReadyAsync(app, IPAddress.Parse("198.51.100.20"), token: "");
            Assert.Equal("""{"status":"ready"}""", body);
        });

    private const string HealthToken = "health-token-for-tests-0123456789abcdef";

    /// <summary>GET /health/ready as a client at <paramref name="remote"/>, optionally through a proxy's X-Forwarded-For.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> ReadyAsync(ContestletAppFactory app, IPAddress remote,
        string? forwardedFor = null, string? token = null)
    {
        var context = await app.Server.SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = "/health/ready";
            http.Connection.RemoteIpAddress = remote;
            if (forwardedFor is not null)
            {
                http.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }

            if (token is not null)
            {
                http.Request.Headers[Contestlet.Web.Features.Health.HealthDetails.TokenHeader] = token;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return ((HttpStatusCode)context.Response.StatusCode, await reader.ReadToEndAsync());
    }
}
