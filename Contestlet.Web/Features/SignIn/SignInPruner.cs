using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.SignIn;

/// <summary>
/// Deletes what sign-in and the sending limits no longer need: send-ledger rows older than <see cref="LedgerRetention"/>
/// (the longest limit window is a day) and challenges expired more than <see cref="ChallengeRetention"/> ago.
/// Safe with several app instances: each pass is one set-based delete per table, and deleting a row twice is a no-op.
/// </summary>
public sealed class SignInPruner(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, ILogger<SignInPruner> logger)
{
    public static readonly TimeSpan LedgerRetention = TimeSpan.FromDays(2);
    public static readonly TimeSpan ChallengeRetention = TimeSpan.FromDays(1);

    public async Task<PruneResult> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ledgerCutoff = now - LedgerRetention;
        var challengeCutoff = now - ChallengeRetention;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // A key whose rows are all deleted starts its sequence again at 1: the unique (scope, key, sequence) index only
        // has to hold among the rows that exist.
        var ledger = await db.SendLedger.Where(e => e.At < ledgerCutoff).ExecuteDeleteAsync(cancellationToken);
        var challenges = await db.SignInChallenges.Where(c => c.ExpiresAt < challengeCutoff).ExecuteDeleteAsync(cancellationToken);
        if (ledger + challenges > 0)
        {
            logger.LogInformation("Pruned {LedgerRows} send-ledger row(s) and {Challenges} expired sign-in challenge(s)", ledger, challenges);
        }

        return new PruneResult(ledger, challenges);
    }
}

public sealed record PruneResult(int LedgerRows, int Challenges);

/// <summary>Runs <see cref="SignInPruner"/> shortly after start and then every hour.</summary>
public sealed class SignInPruneService(IServiceScopeFactory scopes, TimeProvider time, ILogger<SignInPruneService> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override TimeSpan FirstRunDelay => TimeSpan.FromMinutes(2);

    protected override string Name => "Sign-in pruning";

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<SignInPruner>().PruneAsync(cancellationToken);
}
