using Contestlet.Domain.Contests;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Time;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Dashboard;

/// <summary>
/// docs/product.md §4 Dashboard: contests by status, SMS sent and failed today. Entries today are the last day of
/// <see cref="DashboardInsights"/>'s trend (from the rollup, not by counting entries).
/// </summary>
public sealed class AdminDashboard(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time)
{
    /// <param name="timeZoneId">The admin's zone: "today" starts at their local midnight.</param>
    public async Task<DashboardSummary> SummarizeAsync(string timeZoneId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var byStatus = new List<(ContestStatus, int)>();
        foreach (var status in Enum.GetValues<ContestStatus>())
        {
            byStatus.Add((status, await db.Contests.CountAsync(Contest.HasStatus(status, now), cancellationToken)));
        }

        var startOfDay = StartOfDay(now, timeZoneId);

        // Texts that went through the outbox (confirmations, winners, messages): sent today, and those that failed for good
        // today. Sign-in codes are sent directly and not counted here.
        var sentToday = await db.Notifications.CountAsync(n => n.SentAt != null && n.SentAt >= startOfDay, cancellationToken);
        var failedToday = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Failed && n.UpdatedAt >= startOfDay, cancellationToken);
        return new DashboardSummary(byStatus, sentToday, failedToday);
    }

    private static DateTimeOffset StartOfDay(DateTimeOffset now, string timeZoneId)
    {
        var today = TimeZones.InZone(now, timeZoneId).Date;
        return today.AtStartOfDayInZone(TimeZones.Get(timeZoneId)).ToDateTimeOffset().ToUniversalTime();
    }
}

public sealed record DashboardSummary(IReadOnlyList<(ContestStatus Status, int Count)> ContestsByStatus, int SmsSentToday, int SmsFailedToday);
