using System.Text.RegularExpressions;
using Contestlet.Web.Infrastructure.Configuration;

namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// The canary drill's fault switch (Dev:FailContestPages, refused in Production): a build whose contest pages fail while
/// its health checks pass, which is what a canary must catch and a readiness check cannot. The exception takes the
/// normal error path (the friendly error page, 500, counted in the request metrics).
/// </summary>
public static partial class FaultInjection
{
    public const string Setting = DevOptions.Section + ":" + nameof(DevOptions.FailContestPages);

    public static WebApplication UseContestletFaultSwitches(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Setting))
        {
            return app;
        }

        app.Logger.LogWarning("{Setting} is on: every contest page fails (canary drill)", Setting);
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && ContestPage().IsMatch(context.Request.Path.Value ?? ""))
            {
                throw new InvalidOperationException($"Injected fault: {Setting} is on.");
            }

            await next(context);
        });
        return app;
    }

    [GeneratedRegex("^/c/[^/]+/?$")]
    private static partial Regex ContestPage();
}
