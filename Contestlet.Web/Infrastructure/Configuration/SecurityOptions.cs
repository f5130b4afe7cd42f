namespace Contestlet.Web.Infrastructure.Configuration;

public sealed class SecurityOptions
{
    public const string Section = "Security";
    public const string DevelopmentSecretKey = "development-secret-key-change-me";
    public const int MinimumSecretKeyLength = 32;

    /// <summary>Key for the keyed hashes of sign-in codes. From the environment (SECRET_KEY) outside Development.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Detailed error pages. Development only.</summary>
    public bool Debug { get; set; }

    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>
    /// The previous SECRET_KEY after a rotation (SECRET_KEY_PREVIOUS): still decrypts the data-protection keys and draw
    /// seeds encrypted under it; nothing new is encrypted with it.
    /// </summary>
    public string? PreviousSecretKey { get; set; }

    /// <summary>
    /// HEALTH_TOKEN: a caller sending it in the <c>X-Health-Token</c> header gets /health/ready's details (commit,
    /// migrations, SMS mode) from anywhere; without it only loopback clients do.
    /// </summary>
    public string? HealthToken { get; set; }
}
