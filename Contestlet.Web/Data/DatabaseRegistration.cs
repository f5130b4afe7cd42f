using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Data;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers both providers' context factories; <see cref="ContestletDbContextFactory"/> hands out the one the
    /// validated <see cref="DatabaseOptions"/> name. Data-protection keys live in the database, encrypted, so every app
    /// instance reads the same cookies (<see cref="SecretsRegistration"/>).
    /// </summary>
    public static IServiceCollection AddContestletDatabase(this IServiceCollection services)
    {
        services.AddSingleton<ContestChanges>();
        services.AddDbContextFactory<SqliteContestletDbContext>((sp, options) =>
            options.UseSqlite(Resolve(sp).ConnectionString, sqlite => sqlite.CommandTimeout(60)).AddInterceptors(sp.GetRequiredService<ContestChanges>()));
        services.AddDbContextFactory<PostgresContestletDbContext>((sp, options) =>
            options.UseNpgsql(Resolve(sp).ConnectionString).AddInterceptors(sp.GetRequiredService<ContestChanges>()));
        services.AddSingleton<IDbContextFactory<ContestletDbContext>, ContestletDbContextFactory>();
        services.AddScoped<ContestletDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ContestletDbContext>>().CreateDbContext());
        services.AddContestletSecrets();
        return services;
    }

    private static ResolvedDatabase Resolve(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Resolve();
}

internal sealed class ContestletDbContextFactory(IServiceProvider services, IOptions<DatabaseOptions> options)
    : IDbContextFactory<ContestletDbContext>
{
    private readonly DatabaseProvider _provider = options.Value.Resolve().Provider;

    public ContestletDbContext CreateDbContext() => _provider switch
    {
        DatabaseProvider.Sqlite => services.GetRequiredService<IDbContextFactory<SqliteContestletDbContext>>().CreateDbContext(),
        _ => services.GetRequiredService<IDbContextFactory<PostgresContestletDbContext>>().CreateDbContext(),
    };
}
