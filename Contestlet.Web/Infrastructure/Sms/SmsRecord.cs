namespace Contestlet.Web.Infrastructure.Sms;

/// <summary>
/// A message that did not reach a provider: stored by the mock transport (the dev outbox, body included, Development
/// only) or blocked by staging's limited sending (no body, the reason instead).
/// </summary>
public sealed class SmsRecord
{
    public const int BodyMaxLength = 1600;
    public const int TransportMaxLength = 16;
    public const int ReasonMaxLength = 200;
    public const string MockTransport = "mock";
    public const string StagingPolicyTransport = "staging-policy";
    public const string BlockedByStagingPolicy = "blocked by staging policy";

    public long Id { get; private set; }
    public string ToE164 { get; private set; } = null!;
    public string? Body { get; private set; }
    public string Transport { get; private set; } = null!;
    public SmsSendStatus Status { get; private set; }
    public string? Reason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private SmsRecord()
    {
    }

    public static SmsRecord Mocked(SmsMessage message, DateTimeOffset now) => new()
    {
        ToE164 = message.To.E164,
        Body = message.Body,
        Transport = MockTransport,
        Status = SmsSendStatus.Sent,
        CreatedAt = now,
    };

    public static SmsRecord Blocked(SmsMessage message, string reason, DateTimeOffset now) => new()
    {
        ToE164 = message.To.E164,
        Transport = StagingPolicyTransport,
        Status = SmsSendStatus.Blocked,
        Reason = reason,
        CreatedAt = now,
    };
}
