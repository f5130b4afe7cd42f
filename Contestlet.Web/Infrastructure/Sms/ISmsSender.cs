using Contestlet.Domain.Phones;

namespace Contestlet.Web.Infrastructure.Sms;

/// <summary>The one way a text message leaves the app. Transports: mock (dev outbox), Twilio, Twilio behind staging's policy.</summary>
public interface ISmsSender
{
    /// <summary>Never throws for a provider refusal or outage: the result says what happened and whether a retry can help.</summary>
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <param name="NotificationId">The outbox row it comes from, if any: the status callback carries it back.</param>
public sealed record SmsMessage(PhoneNumber To, string Body, long? NotificationId = null);

public enum SmsSendStatus
{
    /// <summary>Accepted by the transport (Twilio queued it, or the mock stored it).</summary>
    Sent,

    /// <summary>Not sent on purpose (staging's limited sending).</summary>
    Blocked,

    /// <summary>Retrying the same message cannot help: invalid number, opted out, not a mobile.</summary>
    FailedPermanently,

    /// <summary>The provider was unreachable or overloaded; the same message may go through later.</summary>
    FailedTransiently,
}

public sealed record SmsSendResult(SmsSendStatus Status, string? ProviderMessageId = null, string? ProviderStatus = null,
    int? ErrorCode = null, string? Error = null)
{
    public bool IsSent => Status == SmsSendStatus.Sent;

    public static SmsSendResult Sent(string? providerMessageId, string? providerStatus) => new(SmsSendStatus.Sent, providerMessageId, providerStatus);
}
