namespace Contestlet.Domain.Notifications;

/// <summary>How long the outbox waits after a transient failure: BaseDelay · 2^(attempt-1), capped, for at most MaxAttempts attempts.</summary>
public sealed record OutboxBackOff(TimeSpan BaseDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    public static OutboxBackOff Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 8);

    public TimeSpan DelayAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>What a provider's delivery status callback says happened.</summary>
public enum DeliveryReport
{
    Other,

    /// <summary>The provider handed the message to the carrier (Twilio "sent").</summary>
    Sent,
    Delivered,
    Failed,
    Undelivered,
}
