using Serilog;

namespace Contestlet.Web.Infrastructure.Logging;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog from the environment's settings file (Development: console, Debug; Staging: rolling file, Information;
    /// Production: compact JSON, Warning), plus Sentry when SENTRY_DSN is set. No bootstrap logger: several test
    /// hosts start in one process and a frozen static logger would break them, and the static
    /// Log.Logger is left alone (preserveStaticLogger) so one host's disposal cannot close another's.
    /// </summary>
    public static WebApplicationBuilder AddContestletLogging(this WebApplicationBuilder builder)
    {
        var sentryDsn = builder.Configuration["Sentry:Dsn"];
        var useSentry = !string.IsNullOrWhiteSpace(sentryDsn);
        if (useSentry)
        {
            builder.WebHost.UseSentry(options =>
            {
                options.Dsn = sentryDsn;
                options.Environment = builder.Environment.EnvironmentName;
                options.SendDefaultPii = false;
            });
        }

        // In DI rather than .Enrich.With: ReadFrom.Services picks it up in every logger built from these services.
        builder.Services.AddSingleton<Serilog.Core.ILogEventEnricher, ClaimTokenRedaction>();
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Environment", builder.Environment.EnvironmentName),
            preserveStaticLogger: true,
            writeToProviders: useSentry);
        return builder;
    }
}
