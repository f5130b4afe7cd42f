using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Contestlet.Web.Tests.Integration.Hosting;

/// <summary>ADR 026: once stopping, an instance refuses new console circuits (nginx passes them to another instance).</summary>
public sealed class CircuitsWhileStoppingTests
{
    [Fact]
    public Task RefusesConsoleConnectionsWith503OnceStopping() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var client = app.CreateClient();
            using (var running = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null))
            {
                Assert.Equal(HttpStatusCode.OK, running.StatusCode);
            }

            app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

            using var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), negotiate.Headers.RetryAfter?.Delta);
        });
}
