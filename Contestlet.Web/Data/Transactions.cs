using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Data;

/// <summary>
/// The one way to open a transaction by hand (docs/decisions/022-admin-actions-and-retries.md): through the provider's
/// execution strategy, so PostgreSQL's retry on transient failures (EnableRetryOnFailure) replays the whole unit — a fresh
/// context, the transaction and the work — instead of refusing a transaction it did not open. The work saves its own
/// changes and must be safe to run again: each attempt starts from a new context.
/// </summary>
public static class Transactions
{
    public static async Task<T> InTransactionAsync<T>(this IDbContextFactory<ContestletDbContext> dbFactory,
        Func<ContestletDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work(db);
            // Work that decided against its change has rolled the transaction back already.
            if (db.Database.CurrentTransaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        });
    }

    /// <summary>
    /// For work that opens and commits its own transaction because the order of its statements up to the commit matters
    /// (the entry's count-last write, docs/decisions/024-count-the-entry-last.md): runs it through the execution strategy on
    /// a fresh context per attempt, so a transient failure replays it whole.
    /// </summary>
    public static async Task<T> InStrategyAsync<T>(this IDbContextFactory<ContestletDbContext> dbFactory, Func<ContestletDbContext, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await work(db);
        });
    }

    /// <inheritdoc cref="InTransactionAsync{T}"/>
    public static Task InTransactionAsync(this IDbContextFactory<ContestletDbContext> dbFactory, Func<ContestletDbContext, Task> work,
        CancellationToken cancellationToken) =>
        dbFactory.InTransactionAsync(async db =>
        {
            await work(db);
            return true;
        }, cancellationToken);
}
