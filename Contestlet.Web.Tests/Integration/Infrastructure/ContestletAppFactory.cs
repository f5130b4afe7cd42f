using Contestlet.Testing;
using Contestlet.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Serilog;

namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>
/// The real app (Program.cs, every middleware and page) over a real database, with a controllable clock.
/// Settings given here override the environment's appsettings file, as environment variables would in production.
/// The app logs into the log of the test that created the factory, shown only if that test fails (see TestLog).
/// </summary>
public sealed class ContestletAppFactory(
    TestDatabase database,
    string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>2026-11-24 12:00 UTC unless a test moves it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public TestDatabase Database => database;

    /// <summary>Taken when the test creates the factory: requests and background jobs run outside the test's context.</summary>
    private readonly TestLog? _log = TestLog.Current;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        var all = new Dictionary<string, string?>(database.Settings)
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning",
            // The fraud pass would otherwise run beside whatever a test measures (the export's memory, for one); the
            // fraud tests run it themselves.
            ["Fraud:ScanEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        // Host settings are read before Program.cs adds its own sources, so they are applied again afterwards.
        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(all));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);

            // Registered after Program.cs's Serilog, so it replaces it: the same levels, no console or file sinks.
            services.AddSerilog(
                (provider, logger) => TestLogSink.Configure(logger, provider, provider.GetRequiredService<IConfiguration>(), _log),
                preserveStaticLogger: true);
        });
    }

    public ContestletDbContext CreateDbContext() => Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ContestletDbContext>>().CreateDbContext();

    /// <summary>A client that does not follow redirects, so tests can assert them.</summary>
    public HttpClient CreateBrowserlessClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
