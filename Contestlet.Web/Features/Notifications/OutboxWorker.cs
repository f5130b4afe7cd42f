using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Notifications;

/// <summary>
/// Runs <see cref="OutboxDispatcher"/> every poll interval; every instance may run one. A run drains the outbox: passes
/// follow each other at once while they claim something, so a burst is sent back to back, not one batch per interval.
/// Retries and their back-off are the dispatcher's, per message (docs/decisions/011-notification-outbox.md); a failed
/// pass (a database hiccup) is logged and the next run comes at the next tick, and rows it had claimed come back when
/// their lease lapses.
/// </summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxWorker> logger)
    : PeriodicJob(scopes, time, logger)
{
    /// <summary>Names this instance in LockedBy, so the log shows which instance held a row.</summary>
    public string WorkerName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override string Name => $"The SMS outbox worker {WorkerName}";

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override bool Enabled => options.Value.Enabled;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchDueAsync(WorkerName, cancellationToken) > 0)
        {
            // more may be due: the next pass starts at once
        }
    }
}
