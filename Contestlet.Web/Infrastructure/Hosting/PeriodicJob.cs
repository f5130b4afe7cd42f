namespace Contestlet.Web.Infrastructure.Hosting;

/// <summary>
/// A background job run every <see cref="Interval"/> on the injected <see cref="TimeProvider"/> (never the wall clock, so
/// tests drive it with a fake one), the first run after <see cref="FirstRunDelay"/>, each run in its own DI scope.
/// A failed run is logged and the next one comes at its time; shutdown stops the loop quietly, mid-run or mid-wait.
/// Runs are due at a fixed rate (start + delay + n × interval); a run that ends after the next one was due is followed
/// by it at once, and runs a clock jump skipped are not made up: one one-shot timer is re-armed for the next due time.
/// (Not <see cref="PeriodicTimer"/>: on a fake clock moved forward by 30 days it fires once per elapsed interval, millions
/// of callbacks for a job that polls every second, which made clock-jumping tests take minutes.)
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
        // The first due time is taken before the timer exists, so a clock moved right after start still counts from here.
        var due = time.GetUtcNow() + FirstRunDelay;
        using var tick = new SemaphoreSlim(0, 1);
        await using var timer = time.CreateTimer(static state => Release((SemaphoreSlim)state!), tick, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // A clock set back (NTP) never makes a job wait longer than it would have from its start.
        var longestWait = interval > FirstRunDelay ? interval : FirstRunDelay;
        try
        {
            if (FirstRunDelay <= TimeSpan.Zero)
            {
                await Task.Yield(); // the host's start-up goes on while the first run works
            }

            while (true)
            {
                if (due - time.GetUtcNow() is var wait && wait > TimeSpan.Zero)
                {
                    // Armed only when not yet due and always awaited once armed, so the one release is always this wait's.
                    timer.Change(wait < longestWait ? wait : longestWait, Timeout.InfiniteTimeSpan);
                    await tick.WaitAsync(stoppingToken);
                }

                var started = time.GetUtcNow();
                await RunOnceAsync(interval, stoppingToken);
                due = FirstDueAfter(due, started, interval);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>
    /// The first of the due times (<paramref name="due"/> + n × interval) after a run's start: when one passed during the run
    /// it is already due and the next run starts at once; the ones a clock jump skipped before the run are not made up.
    /// </summary>
    private static DateTimeOffset FirstDueAfter(DateTimeOffset due, DateTimeOffset started, TimeSpan interval) =>
        started < due ? due : due + (((started - due).Ticks / interval.Ticks) + 1) * interval;

    private static void Release(SemaphoreSlim tick)
    {
        try
        {
            tick.Release();
        }
        catch (ObjectDisposedException)
        {
            // The job stopped while this tick was on its way.
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
