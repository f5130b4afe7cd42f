namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// A background job run every <see cref="Interval"/> on the injected <see cref="TimeProvider"/> (never the wall clock, so
/// tests drive it with a fake one), the first run after <see cref="FirstRunDelay"/>, each run in its own DI scope.
/// A failed run is logged and the next one comes at its time; shutdown stops the loop quietly, mid-run or mid-wait.
/// Ticks are fixed-rate (<see cref="PeriodicTimer"/>): a run longer than the interval is followed by the next at once.
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Where each run's scope comes from; a job may open one for a run outside the schedule.</summary>
    protected IServiceScopeFactory Scopes { get; } = scopes;

    /// <summary>What the job is called in the log ("Trash purge").</summary>
    protected abstract string Name { get; }

    /// <summary>Time between the starts of two runs; read once, when the job starts.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>How long after start the first run waits (housekeeping waits, so start-up is not slowed by it).</summary>
    protected virtual TimeSpan FirstRunDelay => TimeSpan.Zero;

    /// <summary>False: the job does not run in this instance (a setting), and says so once in the log.</summary>
    protected virtual bool Enabled => true;

    /// <summary>One run, in a scope of its own.</summary>
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            logger.LogInformation("{Job} is disabled in this instance", Name);
            return;
        }

        var interval = Interval;
        try
        {
            if (FirstRunDelay > TimeSpan.Zero)
            {
                await Task.Delay(FirstRunDelay, time, stoppingToken);
            }
            else
            {
                await Task.Yield(); // the host's start-up goes on while the first run works
            }

            using var timer = new PeriodicTimer(interval, time);
            do
            {
                await RunOnceAsync(interval, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task RunOnceAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await RunAsync(scope.ServiceProvider, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Any failure, a timeout's OperationCanceledException included, waits for the next run; only shutdown ends the loop.
            logger.LogError(ex, "{Job} run failed; it runs again in {Interval}", Name, interval);
        }
    }
}
