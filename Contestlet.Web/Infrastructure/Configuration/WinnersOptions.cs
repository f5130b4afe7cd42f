using System.ComponentModel.DataAnnotations;

namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>Winner notification and claim settings (section "Winners").</summary>
public sealed class WinnersOptions
{
    public const string Section = "Winners";

    /// <summary>The public address claim links in winner texts start with.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080");

    /// <summary>Runs the forfeiture job in this instance (tests switch it off and run passes themselves).</summary>
    public bool ForfeitureJobEnabled { get; set; } = true;

    /// <summary>How often the forfeiture job looks for claims past their deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ForfeitureCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
