namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// A housekeeping job run shortly after start and then every <see cref="Interval"/> on the app's clock, each run in its
/// own DI scope. A failed run is logged and the next one comes at its time; shutdown stops the loop quietly.
/// </summary>
public abstract class HourlyJob(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>How long after start the first run waits, so start-up is not slowed by housekeeping.</summary>
    protected abstract TimeSpan FirstRunDelay { get; }

    /// <summary>What the job is called in the log ("Trash purge").</summary>
    protected abstract string Name { get; }

    protected abstract Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunDelay, time, stoppingToken);
            using var timer = new PeriodicTimer(Interval, time);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RunAsync(scope.ServiceProvider, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Job} run failed; it runs again in {Interval}", Name, Interval);
        }
    }
}
