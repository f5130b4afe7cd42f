using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Contestlet.Web.Infrastructure.Hosting;

public static class StartupBanner
{
    /// <summary>Prints where the app listens, so `dotnet run` ends with a URL a developer can open.</summary>
    public static WebApplication PrintUrlsOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var url = address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
                Console.WriteLine($"Contestlet ({app.Environment.EnvironmentName}) is running at {url}");
                if (app.Environment.IsDevelopment())
                {
                    Console.WriteLine($"  admin console: {url}/admin   dev SMS outbox: {url}/dev/sms");
                }
            }
        });
        return app;
    }
}
