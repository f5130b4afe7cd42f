using Contestlet.Domain.Audit;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Notifications;

public sealed record NotificationFilter(NotificationStatus? Status = null, NotificationType? Type = null, int? ContestId = null);

/// <summary>One row of the notification log; the recipient is masked before it leaves the service.</summary>
public sealed record NotificationLogRow(long Id, NotificationType Type, int? ContestId, string? ContestName, string Recipient,
    NotificationStatus Status, string? ProviderMessageId, string? ErrorCode, string? Error, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SentAt);

public sealed record NotificationLogSlice(IReadOnlyList<NotificationLogRow> Rows, int Total);

/// <summary>The admin's view of the outbox (docs/product.md §4 Notification log): server-paged, filtered, and "retry failed".</summary>
public sealed class NotificationLog(IDbContextFactory<ContestletDbContext> dbFactory, AdminChanges changes, ILogger<NotificationLog> logger)
{
    public const int MaxPageSize = 100;

    public async Task<NotificationLogSlice> PageAsync(NotificationFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(n => n.Id)
            .Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .GroupJoin(db.Contests.AsNoTracking(), n => n.ContestId, c => (int?)c.Id, (n, cs) => new { n, cs })
            .SelectMany(x => x.cs.DefaultIfEmpty(), (x, c) => new { x.n, ContestName = c == null ? null : c.Name })
            .ToListAsync(cancellationToken);
        return new NotificationLogSlice(rows.Select(r => new NotificationLogRow(r.n.Id, r.n.Type, r.n.ContestId, r.ContestName,
            PhoneNumber.Mask(r.n.ToE164), r.n.Status, r.n.ProviderMessageId, r.n.ErrorCode, r.n.Error, r.n.Attempts,
            r.n.CreatedAt, r.n.UpdatedAt, r.n.SentAt)).ToList(), total);
    }

    /// <summary>
    /// Re-queues Failed rows matching the filter (opted-out and blocked ones stay), with an audit row in the same save;
    /// returns how many. The row names the contest when every re-queued text belongs to one.
    /// </summary>
    public async Task<AdminResult<int>> RetryFailedAsync(NotificationFilter filter, AdminActor admin, CancellationToken cancellationToken,
        long? onlyId = null)
    {
        var result = await changes.RunAsync(admin, async change =>
        {
            var db = change.Db;
            var query = Filtered(db, filter with { Status = NotificationStatus.Failed }).AsTracking();
            if (onlyId is { } id)
            {
                query = query.Where(n => n.Id == id);
            }

            var failed = await query.ToListAsync(cancellationToken);
            var requeued = failed.Where(n => n.Requeue(change.Now)).ToList();
            var count = requeued.Count;
            if (count > 0)
            {
                var contestIds = requeued.Select(n => n.ContestId).Distinct().ToList();
                var contestId = contestIds.Count == 1 ? contestIds[0] : null;
                var contestName = contestId is { } one
                    ? await db.Contests.IgnoreQueryFilters().Where(c => c.Id == one).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken)
                    : null;
                var types = string.Join(", ", requeued.Select(n => n.Type.ToString()).Distinct().Order());
                await change.AuditAsync(contestId, contestName, AuditAction.FailedSmsRetried,
                    onlyId is null ? $"{count} failed text(s) queued again ({types})" : $"Failed text #{onlyId} queued again ({types})");
            }

            return count;
        }, cancellationToken);
        if (result.Succeeded)
        {
            logger.LogInformation("Admin {Admin} re-queued {Count} failed notifications", admin.Masked, result.Value);
        }

        return result;
    }

    public async Task<IReadOnlyList<(int Id, string Name)>> ContestsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contests = await db.Contests.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        return contests.Select(c => (c.Id, c.Name)).ToList();
    }

    private static IQueryable<Notification> Filtered(ContestletDbContext db, NotificationFilter filter)
    {
        var query = db.Notifications.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(n => n.Status == status);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(n => n.Type == type);
        }

        if (filter.ContestId is { } contestId)
        {
            query = query.Where(n => n.ContestId == contestId);
        }

        return query;
    }
}
