using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Winners;

/// <summary>
/// Forfeits claims left past their deadline and promotes and texts the next alternate, on a configurable interval.
/// Safe with several app instances: each award moves once (version column) and each alternate takes one slot (unique index).
/// </summary>
public sealed class ForfeitureJob(IServiceScopeFactory scopes, IOptions<WinnersOptions> options, TimeProvider time, ILogger<ForfeitureJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ForfeitureJobEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ForfeitureCheckInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The forfeiture pass failed; it runs again in {Interval}", options.Value.ForfeitureCheckInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One pass; returns how many awards were forfeited.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var forfeited = await scope.ServiceProvider.GetRequiredService<WinnerNotifications>().ForfeitExpiredAsync(cancellationToken);
        if (forfeited > 0)
        {
            logger.LogInformation("Forfeited {Count} unclaimed prize(s) and promoted their alternates", forfeited);
        }

        return forfeited;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
