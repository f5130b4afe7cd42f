using System.ComponentModel.DataAnnotations;

namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>Winner notification and claim settings (section "Winners").</summary>
public sealed class WinnersOptions
{
    public const string Section = "Winners";

    /// <summary>Where a developer's app listens (launch settings); used when <see cref="PublicBaseUrl"/> is not set in Development.</summary>
    public static readonly Uri DevelopmentPublicBaseUrl = new("http://localhost:5080");

    /// <summary>
    /// The public address claim and results links in texts start with (PUBLIC_BASE_URL). Staging and Production refuse
    /// to start without an absolute https address that is not the machine itself.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Runs the forfeiture job in this instance (tests switch it off and run passes themselves).</summary>
    public bool ForfeitureJobEnabled { get; set; } = true;

    /// <summary>How often the forfeiture job looks for claims past their deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ForfeitureCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The base links are built on: the configured address, else the development one.</summary>
    public Uri SiteBase => PublicBaseUrl ?? DevelopmentPublicBaseUrl;
}
