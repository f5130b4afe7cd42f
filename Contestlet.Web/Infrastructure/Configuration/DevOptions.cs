namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>Development-only switches; Staging and Production refuse to start with any of them on.</summary>
public sealed class DevOptions
{
    public const string Section = "Dev";

    /// <summary>Lets /dev/clock move the app's clock forward (ADR 013). Development only.</summary>
    public bool ClockControl { get; set; }
}
