using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>
/// Deletes contests that have been in the trash longer than <see cref="Contest.TrashRetention"/>, each with everything
/// that references it, in one transaction per contest: entries are deleted explicitly, the other dependants (draws,
/// notifications, …) by their foreign keys' ON DELETE CASCADE, and the audit row is written in the same transaction.
/// </summary>
public sealed class TrashPurger(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, ILogger<TrashPurger> logger)
{
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Contests.IgnoreQueryFilters().Where(Contest.PurgeableAt(now)).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        var purged = 0;
        foreach (var id in due)
        {
            try
            {
                if (await PurgeOneAsync(id, now, cancellationToken))
                {
                    purged++;
                }
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
            {
                // One stuck contest must not keep the others in the trash; the next run tries it again.
                logger.LogError(ex, "Purging contest {ContestId} failed; it stays in the trash", id);
            }
        }

        return purged;
    }

    private Task<bool> PurgeOneAsync(int id, DateTimeOffset now, CancellationToken cancellationToken) =>
        dbFactory.InTransactionAsync(db => PurgeOneAsync(db, id, now, cancellationToken), cancellationToken);

    private async Task<bool> PurgeOneAsync(ContestletDbContext db, int id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contest = await db.Contests.IgnoreQueryFilters().AsNoTracking()
            .Where(Contest.PurgeableAt(now)).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contest is null)
        {
            return false; // restored (or purged by another instance) since the list was read
        }

        // Prize awards point at entries (restrict), so they go first; draws and notifications cascade from the contest.
        await db.PrizeAwards.Where(a => a.ContestId == id).ExecuteDeleteAsync(cancellationToken);
        var entries = await db.Entries.Where(e => e.ContestId == id).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Contests.IgnoreQueryFilters().Where(Contest.PurgeableAt(now)).Where(c => c.Id == id)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            await db.Database.RollbackTransactionAsync(cancellationToken);
            return false;
        }

        db.AuditLog.Add(AuditEntry.BySystem(contest, AuditAction.Purged, AuditEntry.PurgeJob, now,
            $"Purged {contest.PurgeAfter:u} retention passed; {entries} entries deleted"));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Purged contest {ContestId} from the trash with {EntryCount} entries", id, entries);
        return true;
    }
}

/// <summary>Runs <see cref="TrashPurger"/> shortly after start and then every hour. Safe with several app instances.</summary>
public sealed class TrashPurgeService(IServiceScopeFactory scopes, TimeProvider time, ILogger<TrashPurgeService> logger)
    : PeriodicJob(scopes, time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override TimeSpan FirstRunDelay => TimeSpan.FromMinutes(1);

    protected override string Name => "Trash purge";

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var purged = await services.GetRequiredService<TrashPurger>().PurgeExpiredAsync(cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Trash purge removed {Count} contest(s)", purged);
        }
    }
}
