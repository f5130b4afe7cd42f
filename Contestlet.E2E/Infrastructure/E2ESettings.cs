namespace Contestlet.E2E.Infrastructure;

/// <summary>
/// Where the journeys run. By default they start the app themselves (Development, fresh SQLite, demo data, mock SMS);
/// set CONTESTLET_E2E_BASE_URL to run them against a deployed environment such as staging instead.
/// </summary>
public static class E2ESettings
{
    public static Uri? ExternalBaseUrl =>
        Environment.GetEnvironmentVariable("CONTESTLET_E2E_BASE_URL") is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : null;

    /// <summary>Debian's Chromium by default; CONTESTLET_CHROMIUM points elsewhere on a laptop.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CONTESTLET_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The QA test number and its fixed code (Development/Staging configuration) for signing in on staging.</summary>
    public static string QaPhone => Environment.GetEnvironmentVariable("CONTESTLET_E2E_QA_PHONE") is { Length: > 0 } phone ? phone : "+15555550100";

    public static string QaCode => Environment.GetEnvironmentVariable("CONTESTLET_E2E_QA_CODE") is { Length: > 0 } code ? code : "424242";

    public static string ScreenshotDirectory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("CONTESTLET_E2E_SCREENSHOTS") is { Length: > 0 } dir
                ? dir
                : Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }
}

/// <summary>
/// Where a journey can run. Journeys that read the dev SMS outbox, move the dev clock or rely on the demo data carry
/// <c>Runs=Development</c>; the rest carry <c>Runs=Anywhere</c>, and <c>scripts/run-e2e.sh</c> runs only those against a
/// deployed environment (<c>--filter Runs=Anywhere</c>), saying so. Locally every journey runs but those marked
/// <c>Runs=Cluster</c>: they need several instances behind nginx, which <c>scripts/tests/instances-test.sh</c> starts before it
/// runs them (<c>--filter Runs=Cluster</c>); <c>scripts/test.sh</c> runs the rest with <c>--filter Runs!=Cluster</c>.
/// </summary>
public static class E2ETraits
{
    public const string Runs = "Runs";
    public const string Anywhere = "Anywhere";
    public const string Development = "Development";
    public const string Cluster = "Cluster";
}
