using System.Collections.Concurrent;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Hosting;

/// <summary>
/// The base of every background job (trash purge, sign-in pruning, fraud pass, forfeiture pass, SMS outbox): runs on the
/// injected clock, a scope per run, failures logged and the loop going on, a quiet stop.
/// </summary>
public sealed class PeriodicJobTests
{
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    internal static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);

    private readonly CountingTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();

    [Fact]
    public async Task RunsAfterTheFirstRunDelayThenEveryIntervalOfTheInjectedClock()
    {
        var job = NewJob();
        var start = _time.GetUtcNow();
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _time.TimersCreated == 1); // the first run's delay, started on the job's own thread

        _time.Advance(FirstRunDelay - TimeSpan.FromSeconds(1));
        await AssertStaysAsync(() => job.Runs.Count == 0);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => job.Runs.Count == 1);

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        await AssertStaysAsync(() => job.Runs.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => job.Runs.Count == 2);
        _time.Advance(Interval);
        await WaitUntilAsync(() => job.Runs.Count == 3);

        await job.StopAsync(CancellationToken.None);
        Assert.Equal([start + FirstRunDelay, start + FirstRunDelay + Interval, start + FirstRunDelay + Interval + Interval], job.Runs);
    }

    [Fact]
    public async Task RunsOnceWithoutMakingUpMissedRunsGivenTheClockMovedForwardByDays()
    {
        var job = NewJob();
        var start = _time.GetUtcNow();
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _time.TimersCreated == 1);
        _time.Advance(FirstRunDelay);
        await WaitUntilAsync(() => job.Runs.Count == 1);

        // 30 days of an hourly job: one overdue run, then the schedule goes on from there.
        _time.Advance(TimeSpan.FromDays(30));
        await WaitUntilAsync(() => job.Runs.Count == 2);
        await AssertStaysAsync(() => job.Runs.Count == 2);
        _time.Advance(Interval);
        await WaitUntilAsync(() => job.Runs.Count == 3);

        await job.StopAsync(CancellationToken.None);
        Assert.Equal([start + FirstRunDelay, start + FirstRunDelay + TimeSpan.FromDays(30), start + FirstRunDelay + TimeSpan.FromDays(30) + Interval],
            job.Runs);
        // A timer that fired once per elapsed interval (PeriodicTimer) made the fake clock call back 720 times here (2.6
        // million for the outbox's one-second poll),
        // which is what made the tests that move the clock by days take minutes.
        Assert.InRange(_time.TimerCallbacks, 3, 4);
    }

    [Fact]
    public async Task RunsAtOnceGivenNoFirstRunDelay()
    {
        var job = NewJob(firstRunDelay: TimeSpan.Zero);

        await job.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => job.Runs.Count == 1);
        await job.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task EachRunHasItsOwnScopeDisposedAfterIt()
    {
        var job = NewJob(firstRunDelay: TimeSpan.Zero);
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => job.Runs.Count == 1);
        _time.Advance(Interval);
        await WaitUntilAsync(() => job.Scoped.Count == 2);
        await job.StopAsync(CancellationToken.None);

        Assert.NotSame(job.Scoped[0], job.Scoped[1]);
        Assert.True(job.Scoped[0].Disposed);
        Assert.True(job.Scoped[1].Disposed);
    }

    [Fact]
    public async Task LogsAFailedRunAndRunsAgainAtTheNextInterval()
    {
        var job = NewJob(firstRunDelay: TimeSpan.Zero, failures: [new InvalidOperationException("database hiccup")]);
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _log.Errors.Count == 1);

        Assert.Contains("Test job run failed; it runs again in 01:00:00", _log.Errors[0]);
        _time.Advance(Interval);
        await WaitUntilAsync(() => job.Runs.Count == 2);
        await job.StopAsync(CancellationToken.None);
        Assert.False(job.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task ATimeoutInARunIsAFailureNotAShutdown()
    {
        var job = NewJob(firstRunDelay: TimeSpan.Zero, failures: [new TaskCanceledException("send timed out")]);
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _log.Errors.Count == 1);

        _time.Advance(Interval);
        await WaitUntilAsync(() => job.Runs.Count == 2);
        await job.StopAsync(CancellationToken.None);
        Assert.False(job.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task StopsQuietlyWhileWaiting()
    {
        var job = NewJob();
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _time.TimersCreated == 1);

        await job.StopAsync(CancellationToken.None);

        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Empty(job.Runs);
        Assert.Empty(_log.Errors);
    }

    [Fact]
    public async Task StopsQuietlyDuringARun()
    {
        var job = NewJob(firstRunDelay: TimeSpan.Zero, runForever: true);
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => job.Runs.Count == 1);

        await job.StopAsync(CancellationToken.None);

        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Empty(_log.Errors);
    }

    [Fact]
    public async Task NeverRunsWhenDisabled()
    {
        var job = NewJob(firstRunDelay: TimeSpan.Zero, enabled: false);
        await job.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => job.ExecuteTask!.IsCompleted);

        _time.Advance(Interval * 3);
        await AssertStaysAsync(() => job.Runs.Count == 0);
        await job.StopAsync(CancellationToken.None);
        Assert.Contains("Test job is disabled in this instance", _log.Messages);
    }

    private TestJob NewJob(TimeSpan? firstRunDelay = null, bool enabled = true, bool runForever = false, Exception[]? failures = null)
    {
        var services = new ServiceCollection().AddScoped<ScopedThing>().BuildServiceProvider();
        return new TestJob(services.GetRequiredService<IServiceScopeFactory>(), _time, _log)
        {
            Delay = firstRunDelay ?? FirstRunDelay,
            IsEnabled = enabled,
            RunForever = runForever,
            Failures = new Queue<Exception>(failures ?? []),
            Clock = _time,
        };
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The job did not get there within 10 s.");
            await Task.Delay(10);
        }
    }

    /// <summary>Gives the job real time to act wrongly, then checks that it did not.</summary>
    private static async Task AssertStaysAsync(Func<bool> condition)
    {
        await Task.Delay(200);
        Assert.True(condition());
    }

    private sealed class TestJob(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : PeriodicJob(scopes, time, logger)
    {
        public required TimeSpan Delay { get; init; }
        public required bool IsEnabled { get; init; }
        public required bool RunForever { get; init; }
        public required Queue<Exception> Failures { get; init; }
        public required TimeProvider Clock { get; init; }

        public List<DateTimeOffset> Runs { get; } = [];
        public List<ScopedThing> Scoped { get; } = [];

        protected override string Name => "Test job";
        protected override TimeSpan Interval => PeriodicJobTests.Interval;
        protected override TimeSpan FirstRunDelay => Delay;
        protected override bool Enabled => IsEnabled;

        protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            lock (Runs)
            {
                Runs.Add(Clock.GetUtcNow());
                Scoped.Add(services.GetRequiredService<ScopedThing>());
            }

            if (Failures.TryDequeue(out var failure))
            {
                throw failure;
            }

            if (RunForever)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
        }
    }

    private sealed class CountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _timersCreated;
        private int _timerCallbacks;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        /// <summary>How many times any timer made here has fired.</summary>
        public int TimerCallbacks => Volatile.Read(ref _timerCallbacks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(s =>
            {
                Interlocked.Increment(ref _timerCallbacks);
                callback(s);
            }, state, dueTime, period);
            Interlocked.Increment(ref _timersCreated);
            return timer;
        }
    }

    private sealed class ScopedThing : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class ListLogger : ILogger
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

        public List<string> Errors => [.. _entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message)];
        public List<string> Messages => [.. _entries.Select(e => e.Message)];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
