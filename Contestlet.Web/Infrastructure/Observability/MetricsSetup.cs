using System.Net;
using System.Security.Cryptography;
using System.Text;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Contestlet.Web.Infrastructure.Observability;

/// <summary>
/// OpenTelemetry: ASP.NET Core, Npgsql and .NET runtime metrics plus <see cref="ContestletMetrics"/>, served to
/// Prometheus at <c>/metrics</c> (loopback or bearer token only), and pushed over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (traces too, then).
/// </summary>
public static class MetricsSetup
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddContestletObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxGauge>();
        services.AddSingleton<SignInBudgetGauge>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var instance = builder.Configuration["CONTESTLET_INSTANCE"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("contestlet", serviceVersion: BuildInfo.Version, serviceInstanceId: instance)
                .AddAttributes([new("deployment.environment.name", builder.Environment.EnvironmentName)]))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(ContestletMetrics.MeterName)
                    // Each scrape sees the figures of that moment (the canary watches a short window).
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql().AddOtlpExporter());
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapContestletMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Created once here so its gauges exist before the first scrape.
        endpoints.ServiceProvider.GetRequiredService<OutboxGauge>();
        endpoints.ServiceProvider.GetRequiredService<SignInBudgetGauge>();
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
            if (!IsAllowed(context, options.BearerToken))
            {
                // A body, so the status-code pages do not turn it into the 404 page.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Metrics are served to loopback clients or with the metrics bearer token.");
                return;
            }

            await next(context);
        }), optionsName: null);
        return endpoints;
    }

    /// <summary>
    /// Loopback clients (Prometheus on the host, the canary script) or the configured token. Behind nginx the app sees the
    /// forwarded client address (ASPNETCORE_FORWARDEDHEADERS_ENABLED), so a remote visitor through the proxy is not loopback.
    /// </summary>
    internal static bool IsAllowed(HttpContext context, string? token)
    {
        if (context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}

public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Lets a scraper that is not on the host read /metrics (<c>Authorization: Bearer …</c>); from the environment only.</summary>
    [System.ComponentModel.DataAnnotations.MinLength(24)]
    public string? BearerToken { get; set; }
}
