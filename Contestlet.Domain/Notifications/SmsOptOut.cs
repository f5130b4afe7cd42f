using Contestlet.Domain.Phones;

namespace Contestlet.Domain.Notifications;

/// <summary>A number that replied STOP (or an equivalent keyword). The outbox never texts it until it replies START.</summary>
public sealed class SmsOptOut
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };
    private static readonly HashSet<string> StartWords = new(StringComparer.OrdinalIgnoreCase) { "START", "YES", "UNSTOP" };

    public string PhoneE164 { get; private set; } = null!;
    public DateTimeOffset OptedOutAt { get; private set; }

    private SmsOptOut()
    {
    }

    public static SmsOptOut For(PhoneNumber phone, DateTimeOffset now) => new() { PhoneE164 = phone.E164, OptedOutAt = now };

    /// <summary>Twilio's standard opt-out and opt-in keywords: the whole message, trimmed, any case.</summary>
    public static InboundKeyword Classify(string? body)
    {
        var word = body?.Trim() ?? "";
        return StopWords.Contains(word) ? InboundKeyword.OptOut
            : StartWords.Contains(word) ? InboundKeyword.OptIn
            : InboundKeyword.None;
    }
}

public enum InboundKeyword
{
    None,
    OptOut,
    OptIn,
}
