namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>Development-only switches; Staging and Production refuse to start with any of them on (the canary drill's
/// fault switch: Production only).</summary>
public sealed class DevOptions
{
    public const string Section = "Dev";

    /// <summary>Lets /dev/clock move the app's clock forward (ADR 013). Development only.</summary>
    public bool ClockControl { get; set; }

    /// <summary>
    /// The canary drill's broken build (scripts/tests/instances-test.sh, ADR 018): every GET of a contest page (/c/{code})
    /// fails with the error page (500) while /health stays ready. Development and Staging only; Production refuses it.
    /// </summary>
    public bool FailContestPages { get; set; }
}
