using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Contests;

/// <summary>What the public pages read: published, not deleted contests.</summary>
public sealed class PublicContests(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time)
{
    public const int HomeListSize = 50;
    public const int RecentlyEndedSize = 6;
    public static readonly TimeSpan RecentlyEndedWindow = TimeSpan.FromDays(7);

    public async Task<HomeListing> ListForHomeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var active = await db.Contests.AsNoTracking()
            .Where(Contest.HasStatus(ContestStatus.Active, now))
            .OrderBy(c => c.Schedule.EndsAt).ThenBy(c => c.Id)
            .Take(HomeListSize)
            .ToListAsync(cancellationToken);
        var upcoming = await db.Contests.AsNoTracking()
            .Where(Contest.HasStatus(ContestStatus.Upcoming, now))
            .OrderBy(c => c.Schedule.StartsAt).ThenBy(c => c.Id)
            .Take(HomeListSize)
            .ToListAsync(cancellationToken);
        var endedSince = now - RecentlyEndedWindow;
        var recent = await db.Contests.AsNoTracking()
            .Where(c => c.Schedule.EndsAt > endedSince && c.Schedule.EndsAt <= now && c.PublishedAt != null && c.CancelledAt == null)
            .OrderByDescending(c => c.Schedule.EndsAt).ThenBy(c => c.Id)
            .Take(RecentlyEndedSize)
            .ToListAsync(cancellationToken);
        return new HomeListing(
            active.Select(c => new ContestView(c, now)).ToList(),
            upcoming.Select(c => new ContestView(c, now)).ToList(),
            recent.Select(c => new ContestView(c, now)).ToList());
    }

    /// <summary>A published contest by its public code; null for unknown, draft or deleted contests (all of them 404).</summary>
    public async Task<ContestView?> FindAsync(string? code, CancellationToken cancellationToken)
    {
        if (!ContestCode.TryParse(code, out var parsed))
        {
            return null;
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking()
            .Where(c => c.Code == parsed.Value && c.PublishedAt != null)
            .SingleOrDefaultAsync(cancellationToken);
        return contest is null ? null : new ContestView(contest, now);
    }
}

public sealed record HomeListing(IReadOnlyList<ContestView> Active, IReadOnlyList<ContestView> Upcoming, IReadOnlyList<ContestView> RecentlyEnded)
{
    public bool IsEmpty => Active.Count == 0 && Upcoming.Count == 0;
}
