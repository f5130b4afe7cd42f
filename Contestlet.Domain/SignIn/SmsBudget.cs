namespace Contestlet.Domain.SignIn;

/// <summary>
/// The global budget of sign-in texts (issue 13 item 3): however many numbers and addresses a botnet uses, the app sends
/// at most <see cref="PerHour"/> codes in a clock hour and <see cref="PerDay"/> in a UTC day.
/// </summary>
public sealed record SmsBudget(int PerHour, int PerDay)
{
    /// <summary>The hour's and the day's bucket names; the caller counts sends per bucket.</summary>
    public static (string Hour, string Day) Buckets(DateTimeOffset now) =>
        ($"h:{now.UtcDateTime:yyyyMMddHH}", $"d:{now.UtcDateTime:yyyyMMdd}");

    /// <param name="sentThisHour">Sign-in codes sent so far in the current clock hour.</param>
    /// <param name="sentToday">Sign-in codes sent so far today (UTC).</param>
    public SendDecision Evaluate(long sentThisHour, long sentToday, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        if (sentToday >= PerDay)
        {
            return new SendDecision(SendRefusalReason.DailyBudget, new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero));
        }

        if (sentThisHour >= PerHour)
        {
            return new SendDecision(SendRefusalReason.HourlyBudget,
                new DateTimeOffset(utc.Date.AddHours(utc.Hour + 1), TimeSpan.Zero));
        }

        return SendDecision.Allow;
    }
}
