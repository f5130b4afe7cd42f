using Contestlet.Domain.Draws;
using Contestlet.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Infrastructure.Secrets;

public static class SecretsRegistration
{
    /// <summary>
    /// Data-protection keys live in the database so every instance reads the same cookies, each encrypted with a key
    /// derived from SECRET_KEY (docs/decisions/017-secrets-at-rest.md); draw seeds are sealed the same way.
    /// </summary>
    public static IServiceCollection AddContestletSecrets(this IServiceCollection services)
    {
        services.AddSingleton<SecretKeyring>();
        services.AddSingleton<IDrawSeedVault, DrawSeedVault>();
        services.AddDataProtection().SetApplicationName("Contestlet").PersistKeysToDbContext<ContestletDbContext>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlEncryptor = new SecretKeyXmlEncryptor(sp.GetRequiredService<SecretKeyring>())));
        return services;
    }
}
