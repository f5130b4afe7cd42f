namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// Once the instance is stopping (SIGTERM from a deploy, a scale-in or an operator), it refuses new admin console connections
/// (<c>/_blazor</c>) with 503, and nginx passes them to another instance (<c>proxy_next_upstream ... http_503</c> in
/// deploy/nginx/contestlet.conf). SignalR closes the open circuits as soon as the app starts stopping, but Kestrel keeps
/// listening until the hosted services have stopped: without this, the console's immediate reconnect lands on the same
/// instance, whose shutdown then waits for that connection until the host's shutdown timeout (30 s), the console frozen
/// all along (found by the console fail-over journey, issue 16).
/// </summary>
public static class CircuitsWhileStopping
{
    public static WebApplication UseCircuitsRefusedWhileStopping(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            if (stopping.IsCancellationRequested && context.Request.Path.StartsWithSegments("/_blazor"))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await next(context);
        });
        return app;
    }
}
