using Contestlet.Web.Data;
using Contestlet.Web.Features;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Contestlet.Bench.Admin;

/// <summary>
/// The app's own registrations (settings, database, features) over the bench's database, so the figures are those of
/// the real services with their real EF model and migrations. The host is built but never started: no background workers.
/// </summary>
public static class AppServices
{
    public static IHost Build(BenchDatabase database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Benchmark",
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Security:SecretKey"] = BenchSeeds.SecretKey,
            // The draw re-checks its admin against the admin list (IAdminAccessCheck).
            ["Auth:AdminPhones:0"] = Measurements.BenchAdminPhone,
        });
        // EF logs the missing migrations table of a fresh database as a failed command, and warns about every migration
        // that cannot run in a transaction; real failures still throw.
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None)
            .AddFilter("Microsoft.EntityFrameworkCore.Migrations", LogLevel.Error);
        builder.Services.AddContestletSettings();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddContestletDatabase();
        // The features' SMS needs (the entry's "entered" reply, text to win) resolve against the app's transport; the
        // host never starts, so nothing is sent.
        builder.Services.AddContestletSms();
        builder.Services.AddContestletFeatures();
        return builder.Build();
    }
}
