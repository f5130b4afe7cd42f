using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Audit;

/// <summary>
/// Writes audit rows and reads the log. Admin actions write theirs through <see cref="AdminChange.AuditAsync(Contest, AuditAction, string?)"/>
/// (<see cref="AdminChanges"/>), in the transaction of the change they record; jobs add <see cref="AuditEntry.BySystem"/> rows.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<ContestletDbContext> dbFactory)
{
    public const int RecentCount = 10;

    /// <summary>
    /// Adds an admin's audit row to <paramref name="db"/> without saving: the caller's own save (and transaction) writes it
    /// with the change it records. Called by <see cref="AdminChange"/> (and by the winner replacement, shared with the job). The admin's current profile name wins over the name they signed in with.
    /// </summary>
    public static Task AddAsync(ContestletDbContext db, Contest contest, AuditAction action, AdminActor actor, DateTimeOffset now, string? detail,
        CancellationToken cancellationToken) =>
        AddAsync(db, contest.Id, contest.Name, action, actor, now, detail, cancellationToken);

    /// <inheritdoc cref="AddAsync(ContestletDbContext, Contest, AuditAction, AdminActor, DateTimeOffset, string?, CancellationToken)"/>
    public static async Task AddAsync(ContestletDbContext db, int? contestId, string? contestName, AuditAction action, AdminActor actor,
        DateTimeOffset now, string? detail, CancellationToken cancellationToken)
    {
        var name = await db.AdminProfiles.AsNoTracking().Where(p => p.PhoneE164 == actor.PhoneE164).Select(p => p.DisplayName)
            .FirstOrDefaultAsync(cancellationToken) ?? actor.DisplayName;
        db.AuditLog.Add(AuditEntry.For(contestId, contestName, action, actor.PhoneE164, name, now, detail));
    }

    public async Task<AuditPage> PageAsync(int page, int pageSize, int? contestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        if (contestId is { } id)
        {
            query = query.Where(a => a.ContestId == id);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new AuditPage(rows, total);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(CancellationToken cancellationToken) =>
        (await PageAsync(0, RecentCount, null, cancellationToken)).Rows;

    /// <summary>The contests the log mentions (purged ones too, by the name they had), newest first, for the filter.</summary>
    public async Task<IReadOnlyList<AuditContest>> ContestsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AuditLog.AsNoTracking()
            .Where(a => a.ContestId != null)
            .GroupBy(a => a.ContestId!.Value)
            .Select(g => new { Id = g.Key, Last = g.Max(a => a.Id) })
            .Join(db.AuditLog.AsNoTracking(), g => g.Last, a => a.Id, (g, a) => new AuditContest(g.Id, a.ContestName ?? ""))
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(c => c.Id).ToList();
    }
}

public sealed record AuditContest(int Id, string Name);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Rows, int Total);
