using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Notifications;

/// <summary>Runs <see cref="OutboxDispatcher"/> until nothing is due, then waits the poll interval; every instance may run one.</summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    /// <summary>Names this instance in LockedBy, so the log shows which instance held a row.</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("The SMS outbox worker is disabled in this instance (Outbox:Enabled=false)");
            return;
        }

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                claimed = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(Name, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop the worker for good; claimed rows come back when their lease lapses.
                logger.LogError(ex, "The SMS outbox worker {Worker} failed a pass; it will try again", Name);
            }

            if (claimed == 0)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
