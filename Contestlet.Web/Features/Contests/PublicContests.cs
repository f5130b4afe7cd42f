using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Contestlet.Web.Features.Contests;

/// <summary>
/// What the public pages read: published, not deleted contests. An on-air spike sends thousands of identical reads a
/// second, so they come from a cache for at most <see cref="CacheFor"/>: a contest's row (its status and times are still
/// worked out from the clock on every request), and the home listing of each second of the app's clock. A contest saved
/// in this process empties the cache at once (<see cref="ContestChanges"/>); other instances' changes and entry counts
/// show within <see cref="CacheFor"/>.
/// </summary>
public sealed class PublicContests(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IMemoryCache cache, ContestChanges changes)
{
    public const int HomeListSize = 50;
    public const int RecentlyEndedSize = 6;
    public static readonly TimeSpan RecentlyEndedWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private sealed record HomeKey(long Generation, long Second);

    private sealed record ContestKey(long Generation, string Code);

    public async Task<HomeListing> ListForHomeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = new HomeKey(changes.Generation, now.UtcTicks / TimeSpan.TicksPerSecond);
        if (cache.TryGetValue(key, out HomeListing? cached) && cached is not null)
        {
            return cached;
        }

        var listing = await LoadHomeAsync(now, cancellationToken);
        cache.Set(key, listing, CacheFor);
        return listing;
    }

    private async Task<HomeListing> LoadHomeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
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

        var key = new ContestKey(changes.Generation, parsed.Value);
        if (!cache.TryGetValue(key, out Contest? contest))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            contest = await db.Contests.AsNoTracking()
                .Where(c => c.Code == parsed.Value && c.PublishedAt != null)
                .SingleOrDefaultAsync(cancellationToken);
            if (contest is not null)
            {
                // Unknown codes are not remembered: a flood of made-up codes must not fill the memory.
                cache.Set(key, contest, CacheFor);
            }
        }

        return contest is null ? null : new ContestView(contest, time.GetUtcNow());
    }
}

public sealed record HomeListing(IReadOnlyList<ContestView> Active, IReadOnlyList<ContestView> Upcoming, IReadOnlyList<ContestView> RecentlyEnded)
{
    public bool IsEmpty => Active.Count == 0 && Upcoming.Count == 0;
}
