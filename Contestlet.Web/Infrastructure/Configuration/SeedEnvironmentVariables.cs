using Microsoft.Extensions.Configuration.Memory;

namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>
/// Maps the deployment strategy's variable names (DATABASE_URL, USE_MOCK_SMS, TWILIO_*, ADMIN_PHONES, SECRET_KEY,
/// DEBUG, SENTRY_DSN, PUBLIC_BASE_URL) onto the typed settings sections. Added after the standard sources, so the deployment strategy's names win
/// over appsettings files; the usual .NET keys (Database__Url, Sms__UseMock, …) keep working beside them.
/// </summary>
public static class SeedEnvironmentVariables
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>
    {
        ["DATABASE_URL"] = "Database:Url",
        ["USE_MOCK_SMS"] = "Sms:UseMock",
        ["TWILIO_ACCOUNT_SID"] = "Sms:Twilio:AccountSid",
        ["TWILIO_AUTH_TOKEN"] = "Sms:Twilio:AuthToken",
        ["TWILIO_PHONE_NUMBER"] = "Sms:Twilio:FromNumber",
        ["SECRET_KEY"] = "Security:SecretKey",
        ["SECRET_KEY_PREVIOUS"] = "Security:PreviousSecretKey",
        ["HEALTH_TOKEN"] = "Security:HealthToken",
        ["DEBUG"] = "Security:Debug",
        ["SENTRY_DSN"] = "Sentry:Dsn",
        ["PUBLIC_BASE_URL"] = "Winners:PublicBaseUrl",
    };

    /// <summary>Comma-separated lists become indexed keys so they bind to arrays.</summary>
    public static readonly IReadOnlyDictionary<string, string> ListMap = new Dictionary<string, string>
    {
        ["ADMIN_PHONES"] = "Auth:AdminPhones",
        ["CORS_ORIGINS"] = "Security:CorsOrigins",
    };

    public static IConfigurationBuilder AddSeedEnvironmentVariables(this IConfigurationBuilder builder) =>
        builder.Add(new MemoryConfigurationSource { InitialData = Read(Environment.GetEnvironmentVariables()) });

    internal static Dictionary<string, string?> Read(System.Collections.IDictionary environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Map)
        {
            if (environment[variable] is string value && value.Length > 0)
            {
                values[key] = value;
            }
        }

        foreach (var (variable, key) in ListMap)
        {
            if (environment[variable] is string list)
            {
                var items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < items.Length; i++)
                {
                    values[$"{key}:{i}"] = items[i];
                }
            }
        }

        return values;
    }

    /// <summary>
    /// The environment-specific settings files live at the repository root and are copied next to the assembly,
    /// so they are found whatever the working directory.
    /// </summary>
    public static IConfigurationBuilder AddRootAppSettings(this IConfigurationBuilder builder, string environmentName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"appsettings.{environmentName}.json");
        return builder.AddJsonFile(path, optional: false, reloadOnChange: false);
    }
}
