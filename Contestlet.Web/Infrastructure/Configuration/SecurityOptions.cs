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
}
