using Contestlet.Web.Infrastructure.Configuration;

namespace Contestlet.Web.Features.Dev;

/// <summary>
/// The app's clock in Development when <c>Dev:ClockControl</c> is on: real time plus an offset a developer (or a browser
/// journey) moves forward on <c>/dev/clock</c>, to see a contest end or a claim deadline pass without waiting for it.
/// Timers still tick in real time; only "now" moves. Never registered outside Development.
/// </summary>
public sealed class DevClock(TimeProvider real) : TimeProvider
{
    /// <summary>The furthest one step may move the clock: enough for any contest window, small enough to catch typos.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(60);

    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    public override long TimestampFrequency => real.TimestampFrequency;

    public override long GetTimestamp() => real.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        real.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves "now" forward; the clock never goes back, so nothing sees time reverse.</summary>
    public void Advance(TimeSpan by)
    {
        if (by <= TimeSpan.Zero || by > MaxStep)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, $"Move the clock forward by a positive amount up to {MaxStep.TotalDays:0} days.");
        }

        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}

public static class DevClockRegistration
{
    public const string Setting = DevOptions.Section + ":" + nameof(DevOptions.ClockControl);

    /// <summary>
    /// The app's one clock: the system clock, or in Development with <see cref="Setting"/> true a <see cref="DevClock"/>.
    /// </summary>
    public static IServiceCollection AddContestletClock(this IServiceCollection services, IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment() && configuration.GetValue<bool>(Setting))
        {
            services.AddSingleton(new DevClock(TimeProvider.System));
            services.AddSingleton<TimeProvider>(provider => provider.GetRequiredService<DevClock>());
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }

        return services;
    }
}
