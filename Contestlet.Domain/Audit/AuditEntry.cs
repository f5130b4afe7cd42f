using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;

namespace Contestlet.Domain.Audit;

public enum AuditAction
{
    Created,
    Edited,
    Published,
    Cancelled,
    Deleted,
    Restored,
    Purged,
    Imported,
}

/// <summary>
/// One admin action on a contest, written in the same transaction as the change. The contest is referenced by id and
/// by its name at the time, without a foreign key, so the log outlives a purge.
/// </summary>
public sealed class AuditEntry
{
    public const int ActorNameMaxLength = 80;
    public const int DetailMaxLength = 1000;
    public const string SystemActor = "system";

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public AuditAction Action { get; private set; }

    /// <summary>The admin's phone in E.164, or "system" for the purge job.</summary>
    public string Actor { get; private set; } = null!;

    /// <summary>The admin's display name when the action happened, or null when they had none.</summary>
    public string? ActorName { get; private set; }

    public int? ContestId { get; private set; }
    public string? ContestName { get; private set; }
    public string? Detail { get; private set; }

    private AuditEntry()
    {
    }

    public static AuditEntry For(Contest contest, AuditAction action, string actor, string? actorName, DateTimeOffset now, string? detail = null) => new()
    {
        At = now,
        Action = action,
        Actor = actor,
        ActorName = actorName?.Length > ActorNameMaxLength ? actorName[..ActorNameMaxLength] : actorName,
        ContestId = contest.Id,
        ContestName = contest.Name,
        Detail = detail?.Length > DetailMaxLength ? detail[..DetailMaxLength] : detail,
    };

    /// <summary>Who did it, safe to show: the display name, else the masked phone, else "system".</summary>
    public string ShownActor => ActorName ?? (Actor == SystemActor ? "system (purge job)" : PhoneNumber.Mask(Actor));
}
