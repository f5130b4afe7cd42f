using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Infrastructure.Hosting;

public static class DatabaseStartup
{
    /// <summary>Development applies migrations and seeds demo data at start; deployed environments migrate in the deploy script.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateOnStart)
        {
            await MigrateAsync(app.Services, CancellationToken.None);
        }

        if (options.SeedDemoData)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedIfEmptyAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Applies pending migrations, then the data step of docs/decisions/017-secrets-at-rest.md (seals seeds stored in
    /// clear, re-seals under a rotated SECRET_KEY) and makes the data-protection key the instances will share. Deployed
    /// environments run it as <c>migrate</c> before every start.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ContestletDbContext>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup));
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (db.Kind == DatabaseKind.Sqlite)
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Kind == DatabaseKind.Sqlite)
        {
            // Write-ahead logging lets readers and one writer work at once; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        logger.LogInformation("Database ({Provider}) migrated: {Count} migration(s) applied", db.Kind, pending.Count);
        await SecretsAtRestStartup.SealAsync(services, cancellationToken);

        // A data-protection key every instance can open, made here by one process before the deploy starts any
        // instance: instances started together on a ring without one would each make their own, and for a while each
        // would refuse the others' cookies (seen as every sign-in failing through nginx in the fault drill).
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Contestlet.Migrate.KeyRing").Protect([1]);
    }
}
