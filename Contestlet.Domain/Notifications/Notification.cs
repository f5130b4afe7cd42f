using Contestlet.Domain.Phones;

namespace Contestlet.Domain.Notifications;

public enum NotificationType
{
    EntryConfirmation,
    Winner,
    NonWinner,
    Reminder,
    Announcement,

    /// <summary>An answer to a text someone sent us (HELP, "reply with your state", "already entered"…).</summary>
    Reply,
}

/// <summary>
/// docs/product.md §7's notification states. Queued → Sending → Sent → Delivered, or Failed / OptedOut / Blocked. A transient
/// failure goes back to Queued with a later <see cref="Notification.NextAttemptAt"/> and the error kept; Failed is final
/// until an admin retries it.
/// </summary>
public enum NotificationStatus
{
    Queued,
    Sending,
    Sent,
    Delivered,
    Failed,
    OptedOut,
    Blocked,
}

/// <summary>
/// One text message in the outbox. Written (queued) in the same transaction as the change that causes it, then sent
/// by the outbox worker, which records every attempt's outcome on the row. Nothing is sent without a row first.
/// </summary>
public sealed class Notification
{
    public const int BodyMaxLength = 1600;
    public const int ErrorMaxLength = 500;
    public const int ProviderIdMaxLength = 64;
    public const int ActorMaxLength = 64;
    public const string SystemActor = "system";

    public long Id { get; private set; }
    public NotificationType Type { get; private set; }
    public int? ContestId { get; private set; }
    public long? EntryId { get; private set; }
    public string ToE164 { get; private set; } = null!;
    public string Body { get; private set; } = null!;
    public NotificationStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the worker may next try (back-off after a transient failure).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>A worker's claim on the row; another instance may take it over only after it lapses.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }
    public string? LockedBy { get; private set; }

    public string? ProviderMessageId { get; private set; }
    public string? ErrorCode { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Who caused it: an admin's masked number, or "system".</summary>
    public string CreatedBy { get; private set; } = null!;

    private Notification()
    {
    }

    public static Notification Queue(NotificationType type, PhoneNumber to, string body, DateTimeOffset now, string createdBy,
        int? contestId = null, long? entryId = null)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new ArgumentException("A text message needs a body.", nameof(body));
        }

        return new Notification
        {
            Type = type,
            ContestId = contestId,
            EntryId = entryId,
            ToE164 = to.E164,
            Body = body.Length > BodyMaxLength ? body[..BodyMaxLength] : body,
            Status = NotificationStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            NextAttemptAt = now,
            CreatedBy = createdBy.Length > ActorMaxLength ? createdBy[..ActorMaxLength] : createdBy,
        };
    }

    /// <summary>Whether the worker may claim the row now: queued and due, or sending under a lease that lapsed (its worker died).</summary>
    public bool IsDue(DateTimeOffset now) =>
        (Status == NotificationStatus.Queued && NextAttemptAt <= now)
        || (Status == NotificationStatus.Sending && (LockedUntil is null || LockedUntil < now));

    /// <summary>
    /// The worker's claim, recorded before the provider is called: a crash after this leaves Sending with the attempt
    /// counted, so a second attempt after the lease lapses shows as Attempts &gt; 1 rather than as an unrecorded duplicate.
    /// </summary>
    public void BeginAttempt(string worker, DateTimeOffset now, TimeSpan lease)
    {
        if (!IsDue(now))
        {
            throw new InvalidOperationException($"Notification {Id} is {Status} and not due; it cannot be claimed.");
        }

        Status = NotificationStatus.Sending;
        Attempts++;
        LockedBy = worker.Length > ActorMaxLength ? worker[..ActorMaxLength] : worker;
        LockedUntil = now + lease;
        UpdatedAt = now;
    }

    public void MarkSent(string? providerMessageId, DateTimeOffset now)
    {
        Status = NotificationStatus.Sent;
        ProviderMessageId = Truncate(providerMessageId, ProviderIdMaxLength);
        ErrorCode = null;
        Error = null;
        SentAt = now;
        Release(now);
    }

    /// <summary>
    /// A timeout, 5xx or 429: queued again after <paramref name="backOff"/>'s delay for this attempt, or Failed once
    /// <see cref="OutboxBackOff.MaxAttempts"/> attempts have been spent.
    /// </summary>
    public void MarkTransientFailure(string? errorCode, string? error, DateTimeOffset now, OutboxBackOff backOff)
    {
        RecordError(errorCode, error);
        if (Attempts >= backOff.MaxAttempts)
        {
            Status = NotificationStatus.Failed;
            Error = Truncate($"Gave up after {Attempts} attempts: {error}", ErrorMaxLength);
        }
        else
        {
            Status = NotificationStatus.Queued;
            NextAttemptAt = now + backOff.DelayAfter(Attempts);
        }

        Release(now);
    }

    /// <summary>Invalid number, not a mobile, credentials refused…: sending again cannot help, so it is never retried automatically.</summary>
    public void MarkFailedPermanently(string? errorCode, string? error, DateTimeOffset now)
    {
        Status = NotificationStatus.Failed;
        RecordError(errorCode, error);
        Release(now);
    }

    /// <summary>The number is on the opt-out list (or Twilio said 21610): not sent, and never retried.</summary>
    public void MarkOptedOut(string? errorCode, DateTimeOffset now)
    {
        Status = NotificationStatus.OptedOut;
        RecordError(errorCode, "The recipient has opted out (replied STOP).");
        Release(now);
    }

    /// <summary>Staging's limited sending kept it back on purpose.</summary>
    public void MarkBlocked(string? reason, DateTimeOffset now)
    {
        Status = NotificationStatus.Blocked;
        RecordError(null, reason);
        Release(now);
    }

    /// <summary>
    /// A delivery status callback from the provider. Only moves forward: a late "sent" never undoes "delivered", and
    /// a row an admin already re-queued is left alone. <paramref name="providerMessageId"/> is the callback's message id:
    /// a callback that overtook the send's own answer (the row is still Sending, or went back to Queued because that
    /// answer was lost to a timeout) records it and its status, so the message is neither dropped nor sent again.
    /// </summary>
    public bool ApplyDeliveryReport(DeliveryReport report, string? errorCode, DateTimeOffset now, string? providerMessageId = null)
    {
        var overtookTheSend = ProviderMessageId is null && !string.IsNullOrEmpty(providerMessageId)
                              && (Status == NotificationStatus.Sending || (Status == NotificationStatus.Queued && Attempts > 0));
        // A Sending or Queued row that already has an id is being sent again after an admin's retry: a callback about
        // the earlier message must not settle the new attempt.
        if (!overtookTheSend && Status is not (NotificationStatus.Sent or NotificationStatus.Delivered))
        {
            return false;
        }

        switch (report)
        {
            case DeliveryReport.Sent when Status is NotificationStatus.Sending or NotificationStatus.Queued:
                Status = NotificationStatus.Sent;
                ErrorCode = null;
                Error = null;
                break;
            case DeliveryReport.Delivered when Status != NotificationStatus.Delivered:
                Status = NotificationStatus.Delivered;
                ErrorCode = null;
                Error = null;
                break;
            case DeliveryReport.Failed or DeliveryReport.Undelivered when Status != NotificationStatus.Delivered:
                Status = NotificationStatus.Failed;
                RecordError(errorCode, report == DeliveryReport.Failed
                    ? "The provider could not send the message."
                    : "The carrier could not deliver the message.");
                break;
            default:
                return false;
        }

        if (overtookTheSend)
        {
            ProviderMessageId = Truncate(providerMessageId, ProviderIdMaxLength);
            SentAt ??= now;
        }

        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// The worker's send returned after the provider's callback had already set this row's status (see
    /// <see cref="ApplyDeliveryReport"/>): that status stands whatever the send's own answer was (even a timeout: the
    /// provider has the message), the worker only adds the message id if the callback did not, and lets go of the row.
    /// </summary>
    public void FinishReportedAttempt(string? providerMessageId, DateTimeOffset now)
    {
        ProviderMessageId ??= Truncate(providerMessageId, ProviderIdMaxLength);
        SentAt ??= now;
        Release(now);
    }

    /// <summary>An admin's "retry failed": only Failed rows; opted-out and blocked ones stay as they are.</summary>
    public bool Requeue(DateTimeOffset now)
    {
        if (Status != NotificationStatus.Failed)
        {
            return false;
        }

        Status = NotificationStatus.Queued;
        NextAttemptAt = now;
        Release(now);
        return true;
    }

    private void RecordError(string? errorCode, string? error)
    {
        ErrorCode = Truncate(errorCode, 16);
        Error = Truncate(error, ErrorMaxLength);
    }

    private void Release(DateTimeOffset now)
    {
        LockedBy = null;
        LockedUntil = null;
        UpdatedAt = now;
    }

    private static string? Truncate(string? value, int max) => value is not null && value.Length > max ? value[..max] : value;
}
