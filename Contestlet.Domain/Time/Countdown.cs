namespace Contestlet.Domain.Time;

/// <summary>Short human durations: "2 h 14 min", "3 d 4 h", "45 s".</summary>
public static class Countdown
{
    public static string Describe(TimeSpan remaining)
    {
        if (remaining <= TimeSpan.Zero)
        {
            return "0 s";
        }

        if (remaining.TotalDays >= 1)
        {
            return remaining.Hours > 0 ? $"{(int)remaining.TotalDays} d {remaining.Hours} h" : $"{(int)remaining.TotalDays} d";
        }

        if (remaining.TotalHours >= 1)
        {
            return remaining.Minutes > 0 ? $"{(int)remaining.TotalHours} h {remaining.Minutes} min" : $"{(int)remaining.TotalHours} h";
        }

        return remaining.TotalMinutes >= 1 ? $"{(int)remaining.TotalMinutes} min" : $"{remaining.Seconds} s";
    }
}
