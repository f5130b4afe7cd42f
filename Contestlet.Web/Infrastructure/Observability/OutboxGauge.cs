using System.Diagnostics.Metrics;
using Contestlet.Domain.Notifications;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Infrastructure.Observability;

/// <summary>
/// The outbox's depth and the age of its oldest waiting text, for the observable gauges. A scrape reads a cached
/// snapshot; a snapshot older than <see cref="MaxAge"/> is refreshed by one small indexed query (status), waited for
/// at most <see cref="MaxWait"/> so a slow or unreachable database never stalls a scrape: the last good figures are
/// served meanwhile and the query finishes in the background.
/// </summary>
public sealed class OutboxGauge : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private readonly IDbContextFactory<ContestletDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxGauge> _logger;
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private OutboxSnapshot _snapshot = new(0, 0);
    private long _takenAt = long.MinValue;
    private Task? _refreshing;

    public OutboxGauge(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IMeterFactory meters, ILogger<OutboxGauge> logger)
    {
        _dbFactory = dbFactory;
        _time = time;
        _logger = logger;
        _meter = meters.Create(ContestletMetrics.MeterName);
        _meter.CreateObservableGauge("contestlet.outbox.depth", () => Read().Depth, "{message}",
            "Texts queued or being sent (the same figure in every instance: one database)");
        _meter.CreateObservableGauge("contestlet.outbox.oldest_age", () => Read().OldestAgeSeconds, "s",
            "Age of the oldest text still queued or being sent; 0 when the outbox is empty");
    }

    public OutboxSnapshot Read()
    {
        Task refresh;
        lock (_gate)
        {
            if (_takenAt != long.MinValue && _time.GetElapsedTime(_takenAt) < MaxAge)
            {
                return _snapshot;
            }

            refresh = _refreshing ??= Task.Run(RefreshAsync);
        }

        refresh.Wait(MaxWait);
        lock (_gate)
        {
            return _snapshot;
        }
    }

    public void Dispose() => _meter.Dispose();

    private async Task RefreshAsync()
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync();
            var waiting = db.Notifications.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Queued || n.Status == NotificationStatus.Sending);
            var depth = await waiting.CountAsync();
            var oldest = depth == 0 ? (DateTimeOffset?)null : await waiting.OrderBy(n => n.CreatedAt).Select(n => (DateTimeOffset?)n.CreatedAt).FirstOrDefaultAsync();
            var age = oldest is { } created ? Math.Max(0, (_time.GetUtcNow() - created).TotalSeconds) : 0;
            lock (_gate)
            {
                _snapshot = new OutboxSnapshot(depth, age);
            }
        }
        catch (Exception ex)
        {
            // Metrics must never take the app down; readiness and the database alerts report the outage itself.
            _logger.LogDebug(ex, "Outbox gauge could not read the outbox");
        }
        finally
        {
            lock (_gate)
            {
                _takenAt = _time.GetTimestamp();
                _refreshing = null;
            }
        }
    }
}

public sealed record OutboxSnapshot(int Depth, double OldestAgeSeconds);
