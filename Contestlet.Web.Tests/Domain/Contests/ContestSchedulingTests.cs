using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;

namespace Contestlet.Web.Tests.Domain.Contests;

/// <summary>Admins type wall-clock times in a zone; the contest stores the instants. docs/product.md §5.</summary>
public sealed class ContestSchedulingTests
{
    private static DateTime Local(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0);

    [Theory]
    [InlineData("America/New_York", 2026, 11, 28, 21, "2026-11-29T02:00:00Z", "Sat, Nov 28, 9:00 PM EST")]
    [InlineData("America/New_York", 2026, 7, 4, 21, "2026-07-05T01:00:00Z", "Sat, Jul 4, 9:00 PM EDT")]
    [InlineData("America/Phoenix", 2026, 7, 4, 21, "2026-07-05T04:00:00Z", "Sat, Jul 4, 9:00 PM MST")]
    [InlineData("America/Phoenix", 2026, 1, 10, 21, "2026-01-11T04:00:00Z", "Sat, Jan 10, 9:00 PM MST")]
    [InlineData("Australia/Sydney", 2026, 1, 10, 21, "2026-01-10T10:00:00Z", "Sat, Jan 10, 9:00 PM AEDT")]
    [InlineData("Australia/Sydney", 2026, 7, 4, 21, "2026-07-04T11:00:00Z", "Sat, Jul 4, 9:00 PM AEST")]
    [InlineData("UTC", 2026, 7, 4, 21, "2026-07-04T21:00:00Z", "Sat, Jul 4, 9:00 PM UTC")]
    public void StoresUtcInstantAndShowsLocalTimeGivenZone(string zone, int year, int month, int day, int hour, string utc, string shown)
    {
        var result = ContestSchedule.FromLocal(Local(year, month, day, hour).AddDays(-1), Local(year, month, day, hour), zone);

        Assert.True(result.IsValid);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), result.Schedule!.EndsAt);
        Assert.Equal(TimeSpan.Zero, result.Schedule.EndsAt.Offset);
        Assert.Equal(shown, result.Schedule.FormatEnd());
        Assert.Equal(Local(year, month, day, hour), TimeZones.ToLocal(result.Schedule.EndsAt, zone));
    }

    [Fact]
    public void RejectsSpringForwardGapNamingItGivenNewYork()
    {
        var result = ContestSchedule.FromLocal(Local(2026, 3, 8, 2, 30), Local(2026, 3, 9, 12), "America/New_York");

        Assert.False(result.IsValid);
        Assert.Contains("does not exist in America/New_York", result.Errors["Start"]);
        Assert.Contains("2:00 AM to 3:00 AM", result.Errors["Start"]);
        Assert.Contains("EST → EDT", result.Errors["Start"]);
    }

    [Fact]
    public void TakesEarlierOffsetWithNoteGivenFallBackHourInNewYork()
    {
        var result = ContestSchedule.FromLocal(Local(2026, 10, 31, 12), Local(2026, 11, 1, 1, 30), "America/New_York");

        Assert.True(result.IsValid);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), result.Schedule!.EndsAt);
        var note = Assert.Single(result.Notes);
        Assert.StartsWith("End: ", note);
        Assert.Contains("EDT (UTC-04)", note);
    }

    [Fact]
    public void AcceptsNewYorkGapTimeGivenPhoenixWithoutDst()
    {
        var result = ContestSchedule.FromLocal(Local(2026, 3, 8, 2, 30), Local(2026, 11, 1, 1, 30), "America/Phoenix");

        Assert.True(result.IsValid);
        Assert.Empty(result.Notes);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 9, 30, 0, TimeSpan.Zero), result.Schedule!.StartsAt);
    }

    [Fact]
    public void RejectsSpringForwardGapGivenSydneyInOctober()
    {
        var result = ContestSchedule.FromLocal(Local(2026, 10, 4, 2, 15), Local(2026, 10, 5, 12), "Australia/Sydney");

        Assert.Contains("AEST → AEDT", result.Errors["Start"]);
    }

    [Fact]
    public void TakesEarlierOffsetGivenFallBackHourInSydneyInApril()
    {
        var result = ContestSchedule.FromLocal(Local(2026, 4, 5, 2, 30), Local(2026, 4, 6, 12), "Australia/Sydney");

        Assert.True(result.IsValid);
        Assert.Equal(new DateTimeOffset(2026, 4, 4, 15, 30, 0, TimeSpan.Zero), result.Schedule!.StartsAt);
        Assert.Contains("AEDT", Assert.Single(result.Notes));
    }

    [Fact]
    public void RejectsEndBeforeStartGivenUtc()
    {
        var result = ContestSchedule.FromLocal(Local(2026, 5, 1, 12), Local(2026, 5, 1, 11), TimeZones.Utc);

        Assert.Equal("The end must be after the start.", result.Errors["End"]);
    }

    [Fact]
    public void RejectsUnknownZone()
    {
        var result = ContestSchedule.FromLocal(Local(2026, 5, 1, 12), Local(2026, 5, 2, 12), "Mars/Olympus_Mons");

        Assert.Contains("not a known time zone", result.Errors["TimeZoneId"]);
    }
}
