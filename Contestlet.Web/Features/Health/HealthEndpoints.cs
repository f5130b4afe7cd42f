using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/health").AllowAnonymous().DisableAntiforgery().RequireCors(CorsSetup.PolicyName);

        // Liveness: the process answers. Nothing external is touched so a slow database never restarts healthy pods.
        group.MapGet("", (IHostEnvironment environment) => Results.Json(new
        {
            status = "ok",
            environment = environment.EnvironmentName,
            version = BuildInfo.Version,
            commit = BuildInfo.Commit,
        }));

        // Readiness: the database answers and its schema matches this build. 503 otherwise, so a load balancer or the
        // blue-green script never sends traffic to an instance that cannot serve it.
        group.MapGet("/ready", async Task<IResult> (HttpContext http, IDbContextFactory<ContestletDbContext> factory, IOptions<SmsOptions> sms,
            IOptions<SecurityOptions> security, IHostEnvironment environment, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            string database;
            var pending = Array.Empty<string>();
            try
            {
                await using var db = await factory.CreateDbContextAsync(cancellationToken);
                database = await db.Database.CanConnectAsync(cancellationToken) ? "ok" : "unreachable";
                if (database == "ok")
                {
                    pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToArray();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                loggers.CreateLogger(typeof(HealthEndpoints)).LogWarning(ex, "Readiness check could not reach the database");
                database = "unreachable";
            }

            var schema = database != "ok" ? "unknown" : pending.Length == 0 ? "current" : "behind";
            var ready = database == "ok" && pending.Length == 0;
            var statusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            if (!HealthDetails.AllowedFor(http, security.Value.HealthToken))
            {
                // The commit, pending migrations and SMS mode tell an attacker which build runs and how: strangers get up/down.
                return Results.Json(new { status = ready ? "ready" : "not-ready" }, statusCode: statusCode);
            }

            return Results.Json(new
            {
                status = ready ? "ready" : "not-ready",
                environment = environment.EnvironmentName,
                version = BuildInfo.Version,
                commit = BuildInfo.Commit,
                database,
                schema,
                pendingMigrations = pending,
                sms = sms.Value.Mode,
            }, statusCode: statusCode);
        });
        return endpoints;
    }
}
