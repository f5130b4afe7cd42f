using NodaTime;
using NodaTime.Text;

namespace Contestlet.Domain.Time;

/// <summary>The outcome of turning a wall-clock time in a zone into an instant.</summary>
public sealed record LocalTimeResolution
{
    public DateTimeOffset? Instant { get; private init; }

    /// <summary>Why the local time cannot be used (it falls in a spring-forward gap).</summary>
    public string? Error { get; private init; }

    /// <summary>What was chosen when the local time happens twice (the fall-back hour).</summary>
    public string? Note { get; private init; }

    public bool IsValid => Instant is not null;

    private static readonly LocalDateTimePattern Wall = LocalDateTimePattern.CreateWithInvariantCulture("MMM d, yyyy h:mm tt");
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("h:mm tt");

    /// <summary>
    /// Maps a local date-time in <paramref name="zoneId"/> to an instant. A time inside the spring-forward gap
    /// is rejected with a message naming the gap; an ambiguous time takes the earlier offset and says so.
    /// </summary>
    public static LocalTimeResolution Resolve(DateTime localDateTime, string zoneId)
    {
        var zone = TimeZones.Get(zoneId);
        var local = LocalDateTime.FromDateTime(DateTime.SpecifyKind(localDateTime, DateTimeKind.Unspecified));
        var mapping = zone.MapLocal(local);

        switch (mapping.Count)
        {
            case 1:
                return new LocalTimeResolution { Instant = mapping.Single().ToDateTimeOffset().ToUniversalTime() };
            case 0:
                var before = mapping.EarlyInterval;
                var after = mapping.LateInterval;
                var gapStart = before.IsoLocalEnd.TimeOfDay;
                var gapEnd = after.IsoLocalStart.TimeOfDay;
                return new LocalTimeResolution
                {
                    Error = $"{Wall.Format(local)} does not exist in {zoneId}: clocks jump from {Clock.Format(gapStart)} " +
                            $"to {Clock.Format(gapEnd)} ({before.Name} → {after.Name}). Choose a time outside that gap.",
                };
            default:
                var earlier = mapping.First();
                var later = mapping.Last();
                return new LocalTimeResolution
                {
                    Instant = earlier.ToDateTimeOffset().ToUniversalTime(),
                    Note = $"{Wall.Format(local)} happens twice in {zoneId} (clocks fall back). Using the first one, " +
                           $"{TimeZones.Abbreviation(earlier)} (UTC{earlier.Offset}), not {TimeZones.Abbreviation(later)} (UTC{later.Offset}).",
                };
        }
    }
}
