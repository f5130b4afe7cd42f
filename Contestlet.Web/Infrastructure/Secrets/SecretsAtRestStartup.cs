using System.Xml.Linq;
using Contestlet.Domain.Draws;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Infrastructure.Secrets;

/// <summary>
/// The data step of docs/decisions/017-secrets-at-rest.md, run by <c>migrate</c> (the deploy scripts' step; Development
/// runs it at start), idempotent and safe on several instances at once:
/// <list type="bullet">
/// <item>undrawn contests' seeds stored in clear by an earlier release are sealed under SECRET_KEY (expand: the clear
/// column is left for the rollback colour until the contract step);</item>
/// <item>during a rotation (SECRET_KEY_PREVIOUS set), undrawn contests' seeds and data-protection keys sealed under the
/// previous key are sealed again under the current one, so the previous key can be dropped after one start;</item>
/// <item>data-protection keys stored in clear (before their XML was encrypted) are deleted: every copy of the database
/// already holds them, so they must never be trusted again (everyone signs in once more).</item>
/// </list>
/// </summary>
public static class SecretsAtRestStartup
{
    public static async Task SealAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<ContestletDbContext>>();
        var keyring = services.GetRequiredService<SecretKeyring>();
        var vault = services.GetRequiredService<IDrawSeedVault>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecretsAtRestStartup));

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Expand (docs/decisions/008-…): a seed stored in clear by an earlier release is sealed into SealedDrawSeed and its
        // clear column left for that release, which may still run as the rollback colour; the contract step clears it.
        var seeds = await db.Contests.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.DrawnAt == null && ((c.DrawSeed != null && c.SealedDrawSeed == null) || (keyring.HasPreviousKey && c.SealedDrawSeed != null)))
            .Select(c => new { c.Id, c.DrawSeed, c.SealedDrawSeed })
            .ToListAsync(cancellationToken);
        int sealedClear = 0, resealed = 0;
        foreach (var row in seeds)
        {
            byte[] seed;
            if (row.SealedDrawSeed is null)
            {
                seed = row.DrawSeed!;
                sealedClear++;
            }
            else
            {
                seed = keyring.Open(DrawSeedVault.Purpose, row.SealedDrawSeed, out var underPrevious);
                if (!underPrevious)
                {
                    continue;
                }

                resealed++;
            }

            // Only if no other instance changed it meanwhile: every instance writes a sealing of the same seed.
            var old = row.SealedDrawSeed;
            var sealedSeed = vault.Seal(seed);
            await db.Contests.IgnoreQueryFilters()
                .Where(c => c.Id == row.Id && (old == null ? c.SealedDrawSeed == null : c.SealedDrawSeed == old))
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.SealedDrawSeed, sealedSeed), cancellationToken);
        }

        int keysDeleted = 0, keysResealed = 0;
        var keys = await db.DataProtectionKeys.ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            var xml = XElement.Parse(key.Xml ?? "<key />");
            var sealedKey = xml.Descendants(SecretKeyXmlEncryptor.ElementName).SingleOrDefault();
            if (sealedKey is null)
            {
                db.DataProtectionKeys.Remove(key);
                keysDeleted++;
                continue;
            }

            if (!keyring.HasPreviousKey)
            {
                continue;
            }

            try
            {
                var plaintext = keyring.Open(SecretKeyXmlEncryptor.Purpose, Convert.FromBase64String(sealedKey.Value), out var underPrevious);
                if (underPrevious)
                {
                    sealedKey.Value = Convert.ToBase64String(keyring.Seal(SecretKeyXmlEncryptor.Purpose, plaintext));
                    key.Xml = xml.ToString(SaveOptions.DisableFormatting);
                    keysResealed++;
                }
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // Sealed under a key neither current nor previous: data protection ignores it and makes a new one.
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (sealedClear + resealed + keysDeleted + keysResealed > 0)
        {
            logger.LogWarning(
                "Secrets at rest: sealed {ClearSeeds} draw seed(s) stored in clear, re-sealed {RotatedSeeds} seed(s) and {RotatedKeys} data-protection key(s) under the current SECRET_KEY, deleted {ClearKeys} data-protection key(s) stored in clear",
                sealedClear, resealed, keysResealed, keysDeleted);
        }
    }
}
