using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Dashboard;

public sealed class AdminDashboard(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time)
{
    public async Task<DashboardSummary> SummarizeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var byStatus = new List<(ContestStatus, int)>();
        foreach (var status in Enum.GetValues<ContestStatus>())
        {
            byStatus.Add((status, await db.Contests.CountAsync(Contest.HasStatus(status, now), cancellationToken)));
        }

        // "Today" is the UTC day here; the admin profile's time zone refines it once profiles exist.
        var startOfDay = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var entriesToday = await db.Entries.CountAsync(e => e.EnteredAt >= startOfDay, cancellationToken);
        return new DashboardSummary(byStatus, entriesToday);
    }
}

public sealed record DashboardSummary(IReadOnlyList<(ContestStatus Status, int Count)> ContestsByStatus, int EntriesToday);
