using Contestlet.Web.Infrastructure.Configuration;

namespace Contestlet.Web.Infrastructure;

public static class CorsSetup
{
    public const string PolicyName = "Frontends";

    /// <summary>Only the environment's own front ends may call the app's JSON endpoints from a browser.</summary>
    public static IServiceCollection AddContestletCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>()?.CorsOrigins ?? [];
        services.AddCors(cors => cors.AddPolicy(PolicyName, policy => policy.WithOrigins([.. origins]).WithMethods("GET").AllowAnyHeader()));
        return services;
    }
}
