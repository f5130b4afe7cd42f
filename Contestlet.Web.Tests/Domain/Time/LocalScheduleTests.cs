using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;

namespace Contestlet.Web.Tests.Domain.Time;

/// <summary>docs/product.md §5: gaps rejected with a message naming them, ambiguous times take the earlier offset.</summary>
public sealed class LocalScheduleTests
{
    [Theory]
    [InlineData("America/New_York", 2026, 3, 8, "2:00 AM", "3:00 AM", "EST", "EDT")]
    [InlineData("Australia/Sydney", 2026, 10, 4, "2:00 AM", "3:00 AM", "AEST", "AEDT")]
    public void RejectsLocalTimeInTheSpringForwardGap(string zone, int year, int month, int day, string from, string to, string before, string after)
    {
        var result = LocalTimeResolution.Resolve(new DateTime(year, month, day, 2, 30, 0), zone);

        Assert.False(result.IsValid);
        Assert.Contains("does not exist in " + zone, result.Error);
        Assert.Contains($"clocks jump from {from} to {to}", result.Error);
        Assert.Contains($"{before} → {after}", result.Error);
    }

    [Fact]
    public void TakesTheEarlierOffsetInTheNewYorkFallBackHourAndSaysSo()
    {
        var result = LocalTimeResolution.Resolve(new DateTime(2026, 11, 1, 1, 30, 0), "America/New_York");

        Assert.True(result.IsValid);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), result.Instant);
        Assert.Contains("happens twice", result.Note);
        Assert.Contains("EDT (UTC-04)", result.Note);
        Assert.Contains("not EST (UTC-05)", result.Note);
    }

    [Fact]
    public void TakesTheEarlierOffsetInTheSydneyFallBackHour()
    {
        // 2026-04-05 02:30 happens at +11 (AEDT) and again at +10 (AEST).
        var result = LocalTimeResolution.Resolve(new DateTime(2026, 4, 5, 2, 30, 0), "Australia/Sydney");

        Assert.Equal(new DateTimeOffset(2026, 4, 4, 15, 30, 0, TimeSpan.Zero), result.Instant);
        Assert.NotNull(result.Note);
    }

    [Theory]
    [InlineData(3, 8, 2, 30)]
    [InlineData(11, 1, 1, 30)]
    public void PhoenixHasNoGapOrOverlap(int month, int day, int hour, int minute)
    {
        var result = LocalTimeResolution.Resolve(new DateTime(2026, month, day, hour, minute, 0), "America/Phoenix");

        Assert.True(result.IsValid);
        Assert.Null(result.Note);
        Assert.Equal(new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(-7)), result.Instant);
    }

    [Fact]
    public void UtcIsTakenAsIs()
    {
        var result = LocalTimeResolution.Resolve(new DateTime(2026, 3, 29, 1, 30, 0), "UTC");
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), result.Instant);
        Assert.Null(result.Note);
    }

    [Fact]
    public void ScheduleFromLocalKeysErrorsByFieldAndKeepsNotes()
    {
        var gap = ContestSchedule.FromLocal(new DateTime(2026, 3, 8, 2, 15, 0), new DateTime(2026, 3, 9, 12, 0, 0), "America/New_York");
        Assert.False(gap.IsValid);
        Assert.Contains("Start", gap.Errors.Keys);
        Assert.DoesNotContain("End", gap.Errors.Keys);

        var backwards = ContestSchedule.FromLocal(new DateTime(2026, 5, 2, 12, 0, 0), new DateTime(2026, 5, 2, 11, 0, 0), "UTC");
        Assert.Equal("The end must be after the start.", backwards.Errors["End"]);

        var ambiguous = ContestSchedule.FromLocal(new DateTime(2026, 10, 31, 9, 0, 0), new DateTime(2026, 11, 1, 1, 30, 0), "America/New_York");
        Assert.True(ambiguous.IsValid);
        Assert.Single(ambiguous.Notes);
        Assert.StartsWith("End:", ambiguous.Notes[0]);

        var unknown = ContestSchedule.FromLocal(new DateTime(2026, 5, 2, 12, 0, 0), new DateTime(2026, 5, 3, 12, 0, 0), "Nowhere/Land");
        Assert.Contains("TimeZoneId", unknown.Errors.Keys);
    }

    [Theory]
    [InlineData("2026-11-29T02:00:00Z", "America/New_York", "Sat, Nov 28, 9:00 PM EST")]
    [InlineData("2026-07-04T16:00:00Z", "America/New_York", "Sat, Jul 4, 12:00 PM EDT")]
    [InlineData("2026-07-04T16:00:00Z", "America/Phoenix", "Sat, Jul 4, 9:00 AM MST")]
    [InlineData("2026-11-28T10:00:00Z", "Australia/Sydney", "Sat, Nov 28, 9:00 PM AEDT")]
    [InlineData("2026-11-28T21:00:00Z", "UTC", "Sat, Nov 28, 9:00 PM UTC")]
    [InlineData("2026-11-28T21:00:00Z", "Asia/Kolkata", "Sun, Nov 29, 2:30 AM IST")]
    [InlineData("2026-11-28T21:00:00Z", "America/Sao_Paulo", "Sat, Nov 28, 6:00 PM UTC-03")]
    public void FormatsInstantsInTheZoneWithItsAbbreviation(string instant, string zone, string expected) =>
        Assert.Equal(expected, TimeZones.Format(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), zone));

    [Theory]
    [InlineData(0, 0, 0, 45, "45 s")]
    [InlineData(0, 0, 1, 0, "1 min")]
    [InlineData(0, 2, 14, 59, "2 h 14 min")]
    [InlineData(0, 3, 0, 0, "3 h")]
    [InlineData(4, 14, 0, 0, "4 d 14 h")]
    [InlineData(2, 0, 30, 0, "2 d")]
    public void DescribesRemainingTimeBriefly(int days, int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, Countdown.Describe(new TimeSpan(days, hours, minutes, seconds)));

    [Fact]
    public void DescribesNegativeRemainingTimeAsZero() => Assert.Equal("0 s", Countdown.Describe(TimeSpan.FromMinutes(-3)));
}
