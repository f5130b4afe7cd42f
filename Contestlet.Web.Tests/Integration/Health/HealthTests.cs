using System.Net;
using System.Text.Json;
using Contestlet.Web.Tests.Integration.Infrastructure;

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
            var response = await app.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
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
            var response = await app.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("\"database\":\"unreachable\"", await response.Content.ReadAsStringAsync());
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

            var response = await app.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("\"schema\":\"behind\"", await response.Content.ReadAsStringAsync());
        });
}
