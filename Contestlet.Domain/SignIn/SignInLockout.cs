using System.Globalization;

namespace Contestlet.Domain.SignIn;

/// <summary>
/// The long-window cap on code guessing (issue 13 item 3): after <c>maxFailures</c> wrong codes for one number within
/// <c>window</c>, the number is locked until the oldest of those failures leaves the window. Per-code tries and hourly
/// send caps alone still allowed 15 guesses an hour, every hour, at any number.
/// </summary>
public static class SignInLockout
{
    /// <param name="failuresNewestFirst">Recent wrong codes for the number, newest first (at least the last maxFailures).</param>
    public static DateTimeOffset? LockedUntil(IReadOnlyList<DateTimeOffset> failuresNewestFirst, int maxFailures, TimeSpan window,
        DateTimeOffset now)
    {
        var inWindow = failuresNewestFirst.Where(at => at > now - window).OrderByDescending(at => at).ToList();
        return inWindow.Count < maxFailures ? null : inWindow[maxFailures - 1] + window;
    }

    /// <summary>"…until Wednesday, November 25 at 3:05 PM UTC (in 23 h 10 min)": the moment in words, and how far away.</summary>
    public static string Describe(DateTimeOffset until, DateTimeOffset now) =>
        "Too many wrong codes were entered for this number, so signing in with it is paused until "
        + until.UtcDateTime.ToString("dddd, MMMM d 'at' h:mm tt 'UTC'", CultureInfo.InvariantCulture)
        + $" (in {SendLimits.Wait(until, now)}). Then ask for a new code.";
}
