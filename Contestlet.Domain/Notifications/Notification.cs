using Contestlet.Domain.Phones;

namespace Contestlet.Domain.Notifications;

public enum NotificationType
{
    EntryConfirmation,
    Winner,
    NonWinner,
    Reminder,
    Announcement,
}

/// <summary>PRODUCT §7's notification states. Queued → Sending → Sent → Delivered, or Failed / OptedOut / Blocked.</summary>
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
}
