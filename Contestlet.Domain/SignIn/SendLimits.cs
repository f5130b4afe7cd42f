namespace Contestlet.Domain.SignIn;

public enum SendRefusalReason
{
    Cooldown,
    NumberHourlyCap,
    IpHourlyCap,

    /// <summary>Too many wrong codes for the number over the lockout window: no code is sent until it ends.</summary>
    Locked,

    /// <summary>The whole app's sign-in texts this hour or today reached the environment's budget.</summary>
    HourlyBudget,
    DailyBudget,
}

/// <summary>Whether a code may be sent now, and if not, why and from when it may.</summary>
public sealed record SendDecision(SendRefusalReason? Refusal, DateTimeOffset? RetryAt)
{
    public static SendDecision Allow { get; } = new(null, null);

    public bool Allowed => Refusal is null;
}

/// <summary>
/// The sending limits as a pure function of the recent sends (docs/product.md §2): a cooldown between sends to one number,
/// and sliding one-hour caps per number and per client address. The caller reads the history and records the send
/// atomically; this only judges it.
/// </summary>
public static class SendLimits
{
    /// <param name="numberSends">Recent sends to the number, newest first (at least the last cap-many).</param>
    /// <param name="ipSends">Recent sends from the client address, newest first (at least the last cap-many).</param>
    public static SendDecision Evaluate(SignInRules rules, IReadOnlyList<DateTimeOffset> numberSends, IReadOnlyList<DateTimeOffset> ipSends,
        DateTimeOffset now)
    {
        if (numberSends.Count > 0 && now < numberSends[0] + rules.Cooldown)
        {
            return new SendDecision(SendRefusalReason.Cooldown, numberSends[0] + rules.Cooldown);
        }

        if (CapRetryAt(numberSends, rules.SendsPerNumberPerHour, now) is { } numberRetry)
        {
            return new SendDecision(SendRefusalReason.NumberHourlyCap, numberRetry);
        }

        if (CapRetryAt(ipSends, rules.SendsPerIpPerHour, now) is { } ipRetry)
        {
            return new SendDecision(SendRefusalReason.IpHourlyCap, ipRetry);
        }

        return SendDecision.Allow;
    }

    /// <summary>When the cap is full, a slot frees up one window after the oldest send that still counts.</summary>
    private static DateTimeOffset? CapRetryAt(IReadOnlyList<DateTimeOffset> sendsNewestFirst, int cap, DateTimeOffset now)
    {
        var inWindow = sendsNewestFirst.Where(at => at > now - SignInRules.CapWindow).OrderByDescending(at => at).ToList();
        return inWindow.Count < cap ? null : inWindow[cap - 1] + SignInRules.CapWindow;
    }

    /// <summary>The sentence the person reads; says what happened and when to try again.</summary>
    public static string Describe(SendDecision decision, SignInRules rules, DateTimeOffset now)
    {
        var wait = Wait(decision.RetryAt, now);
        return decision.Refusal switch
        {
            null => "",
            SendRefusalReason.Cooldown => $"We just sent a code to this number. You can ask for a new one in {wait}.",
            SendRefusalReason.NumberHourlyCap =>
                $"This number has been sent {rules.SendsPerNumberPerHour} codes in the last hour, the most we allow. Try again in {wait}.",
            SendRefusalReason.IpHourlyCap =>
                $"Too many codes have been requested from your network in the last hour. Try again in {wait}.",
            SendRefusalReason.Locked => SignInLockout.Describe(decision.RetryAt ?? now, now),
            SendRefusalReason.HourlyBudget or SendRefusalReason.DailyBudget =>
                $"We're sending more sign-in codes than usual right now, so we've paused them for a while. Try again in {wait}.",
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };
    }

    /// <summary>"42 s", "3 min", "1 h 5 min": rounded up, so the person never retries a moment too early.</summary>
    public static string Wait(DateTimeOffset? until, DateTimeOffset now)
    {
        var left = until is { } at && at > now ? at - now : TimeSpan.Zero;
        var seconds = (int)Math.Ceiling(left.TotalSeconds);
        if (seconds < 60)
        {
            return $"{Math.Max(seconds, 1)} s";
        }

        var minutes = (int)Math.Ceiling(seconds / 60.0);
        return minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
    }
}
