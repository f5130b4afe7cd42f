using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Data;

public static class DatabaseRegistration
{
    /// <summary>How often a transient PostgreSQL failure is retried, and the longest pause between tries (a request waits at most a few seconds).</summary>
    public const int MaxRetries = 3;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Registers both providers' context factories; <see cref="ContestletDbContextFactory"/> hands out the one the
    /// validated <see cref="DatabaseOptions"/> name. Every <see cref="IInterceptor"/> registered joins both (tests add theirs
    /// to break a command on purpose). Data-protection keys live in the database, encrypted, so every app
    /// instance reads the same cookies (<see cref="SecretsRegistration"/>).
    /// </summary>
    public static IServiceCollection AddContestletDatabase(this IServiceCollection services)
    {
        services.AddSingleton<ContestChanges>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<ContestChanges>());
        services.AddPooledDbContextFactory<SqliteContestletDbContext>((sp, options) =>
            options.UseSqlite(Resolve(sp).ConnectionString, sqlite => sqlite.CommandTimeout(60))
                .AddInterceptors([new SqliteConnectionSettings(), .. sp.GetServices<IInterceptor>()]));
        // A transient failure (a dropped connection, a failover, a restart: NpgsqlException.IsTransient) is retried a few
        // times, briefly, by EF Core's execution strategy. Every hand-opened transaction therefore runs inside that strategy
        // (Transactions.InTransactionAsync, docs/decisions/022-admin-actions-and-retries.md): a retrying strategy refuses
        // one it did not open.
        services.AddPooledDbContextFactory<PostgresContestletDbContext>((sp, options) =>
            options.UseNpgsql(Resolve(sp).ConnectionString, npgsql => npgsql.EnableRetryOnFailure(MaxRetries, MaxRetryDelay, null))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
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

    private DbContextOptions<PostgresContestletDbContext>? _streaming;

    /// <summary>
    /// A context without the retrying strategy, for a read that streams a large result row by row: with a retrying strategy
    /// EF Core buffers every result whole so it could replay it. Nothing is written through it.
    /// </summary>
    public ContestletDbContext CreateStreamingDbContext()
    {
        if (_provider == DatabaseProvider.Sqlite)
        {
            return CreateDbContext();
        }

        _streaming ??= (DbContextOptions<PostgresContestletDbContext>)new DbContextOptionsBuilder<PostgresContestletDbContext>(
                services.GetRequiredService<DbContextOptions<PostgresContestletDbContext>>())
            .UseNpgsql(npgsql => npgsql.ExecutionStrategy(dependencies => new NonRetryingExecutionStrategy(dependencies)))
            .Options;
        return new PostgresContestletDbContext(_streaming);
    }

    public ContestletDbContext CreateDbContext() => _provider switch
    {
        DatabaseProvider.Sqlite => services.GetRequiredService<IDbContextFactory<SqliteContestletDbContext>>().CreateDbContext(),
        _ => services.GetRequiredService<IDbContextFactory<PostgresContestletDbContext>>().CreateDbContext(),
    };
}

public static class StreamingReads
{
    /// <summary>
    /// A context for a read that streams (see <see cref="ContestletDbContextFactory.CreateStreamingDbContext"/>); other
    /// factories (tests') have no retrying strategy and hand out their usual context.
    /// </summary>
    public static ContestletDbContext CreateStreamingDbContext(this IDbContextFactory<ContestletDbContext> dbFactory) =>
        dbFactory is ContestletDbContextFactory app ? app.CreateStreamingDbContext() : dbFactory.CreateDbContext();
}
