using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Contestlet.Web.Tests.Integration.Hosting;

/// <summary>ADR 026: once stopping, an instance refuses new console circuits (nginx passes them to another instance).</summary>
public sealed class CircuitsWhileStoppingTests
{
    [Fact]
    public Task RefusesConsoleConnectionsWith503OnceStopping() =>
        DatabaseProviders.WithAppAsync("Sqlite", async baseApp =>
        {
            // The host stops its hosted services before the web server, so one that holds its stop keeps the instance in
            // "stopping but still serving", as a real instance is while it drains, until this test has made its request.
            var hold = new StopHold();
            await using var app = baseApp.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddHostedService(_ => hold)));
            var client = app.CreateClient();
            using (var running = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null))
            {
                Assert.Equal(HttpStatusCode.OK, running.StatusCode);
            }

            app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            await hold.Stopping.WaitAsync(TimeSpan.FromSeconds(10));

            using var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
            hold.Release();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), negotiate.Headers.RetryAfter?.Delta);
        });

    private sealed class StopHold : IHostedService
    {
        private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stopping => _stopping.Task;

        public void Release() => _released.TrySetResult();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            _stopping.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
