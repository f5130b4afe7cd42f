using Contestlet.Domain.Time;

namespace Contestlet.Domain.Contests;

/// <summary>
/// When a contest runs: two UTC instants and the IANA zone the contest is presented in.
/// The zone is for display and for "per day" limits; comparisons always use the instants.
/// </summary>
public sealed record ContestSchedule
{
    public DateTimeOffset StartsAt { get; }
    public DateTimeOffset EndsAt { get; }
    public string TimeZoneId { get; }

    public ContestSchedule(DateTimeOffset startsAt, DateTimeOffset endsAt, string timeZoneId)
    {
        if (!TimeZones.IsKnown(timeZoneId))
        {
            throw new ArgumentException($"Unknown time zone '{timeZoneId}'.", nameof(timeZoneId));
        }

        if (endsAt <= startsAt)
        {
            throw new ArgumentException("The end must be after the start.", nameof(endsAt));
        }

        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt.ToUniversalTime();
        TimeZoneId = timeZoneId;
    }

    /// <summary>
    /// Builds a schedule from wall-clock times in <paramref name="timeZoneId"/>, as an admin types them.
    /// Errors are keyed by field ("Start", "End", "TimeZoneId") so forms can show them beside the field.
    /// </summary>
    /// <summary>The start a new contest is offered (the form, an imported sheet without one): tomorrow at 9:00 in its zone.</summary>
    public static DateTime DefaultLocalStart(DateTimeOffset now, string timeZoneId) =>
        TimeZones.ToLocal(now, timeZoneId).Date.AddDays(1).AddHours(9);

    public static ScheduleResult FromLocal(DateTime localStart, DateTime localEnd, string timeZoneId)
    {
        var errors = new Dictionary<string, string>();
        var notes = new List<string>();
        if (!TimeZones.IsKnown(timeZoneId))
        {
            errors["TimeZoneId"] = $"'{timeZoneId}' is not a known time zone. Pick one from the list.";
            return new ScheduleResult(null, errors, notes);
        }

        var start = LocalTimeResolution.Resolve(localStart, timeZoneId);
        var end = LocalTimeResolution.Resolve(localEnd, timeZoneId);
        if (start.Error is not null)
        {
            errors["Start"] = start.Error;
        }

        if (end.Error is not null)
        {
            errors["End"] = end.Error;
        }

        if (start.Note is not null)
        {
            notes.Add("Start: " + start.Note);
        }

        if (end.Note is not null)
        {
            notes.Add("End: " + end.Note);
        }

        if (start.Instant is { } s && end.Instant is { } e && e <= s)
        {
            errors["End"] = "The end must be after the start.";
        }

        return errors.Count > 0
            ? new ScheduleResult(null, errors, notes)
            : new ScheduleResult(new ContestSchedule(start.Instant!.Value, end.Instant!.Value, timeZoneId), errors, notes);
    }

    public string FormatStart() => TimeZones.Format(StartsAt, TimeZoneId);
    public string FormatEnd() => TimeZones.Format(EndsAt, TimeZoneId);
}

public sealed record ScheduleResult(ContestSchedule? Schedule, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<string> Notes)
{
    public bool IsValid => Schedule is not null;
}
