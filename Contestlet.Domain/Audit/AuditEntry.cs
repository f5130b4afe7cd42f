using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;

namespace Contestlet.Domain.Audit;

/// <summary>What an audit row records. Stored by name: keep names within <see cref="AuditEntry.ActionMaxLength"/>.</summary>
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
    Drawn,
    WinnersNotified,
    PrizeClaimed,
    PrizeForfeited,
    WinnerDisqualified,
    AlternatePromoted,
    EntryDisqualified,
    EntriesExported,
    MessageSent,
    FailedSmsRetried,
}

/// <summary>
/// One action on a contest, written in the same transaction as the change. The contest is referenced by id and by its
/// name at the time, without a foreign key, so the log outlives a purge.
/// </summary>
/// <remarks>
/// <see cref="Actor"/> says who acted: an admin's E.164 phone, <see cref="SystemActor"/> for a background job (named in
/// <see cref="ActorName"/>), or <see cref="ContestantActor"/> for a contestant, whose number is never stored here in
/// clear — the detail carries it masked.
/// </remarks>
public sealed class AuditEntry
{
    public const int ActionMaxLength = 32;
    public const int ActorNameMaxLength = 80;
    public const int DetailMaxLength = 1000;
    public const string SystemActor = "system";
    public const string ContestantActor = "contestant";
    public const string PurgeJob = "purge job";
    public const string ForfeitureJob = "forfeiture job";

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public AuditAction Action { get; private set; }

    /// <summary>The admin's phone in E.164, <see cref="SystemActor"/> or <see cref="ContestantActor"/>.</summary>
    public string Actor { get; private set; } = null!;

    /// <summary>The admin's display name when the action happened (null when they had none), or the job's name.</summary>
    public string? ActorName { get; private set; }

    public int? ContestId { get; private set; }
    public string? ContestName { get; private set; }
    public string? Detail { get; private set; }

    private AuditEntry()
    {
    }

    /// <summary>An admin's action on a contest.</summary>
    public static AuditEntry For(Contest contest, AuditAction action, string actor, string? actorName, DateTimeOffset now, string? detail = null) =>
        Create(contest.Id, contest.Name, action, actor, actorName, now, detail);

    /// <summary>An admin's action, on one contest or (with a null contest) on several.</summary>
    public static AuditEntry For(int? contestId, string? contestName, AuditAction action, string actor, string? actorName, DateTimeOffset now,
        string? detail = null) =>
        Create(contestId, contestName, action, actor, actorName, now, detail);

    /// <summary>A background job's action; <paramref name="job"/> names it (<see cref="PurgeJob"/>, <see cref="ForfeitureJob"/>).</summary>
    public static AuditEntry BySystem(Contest contest, AuditAction action, string job, DateTimeOffset now, string? detail = null) =>
        Create(contest.Id, contest.Name, action, SystemActor, job, now, detail);

    /// <summary>A contestant's action. Put their masked number in <paramref name="detail"/>; the row never holds it in clear.</summary>
    public static AuditEntry ByContestant(Contest contest, AuditAction action, DateTimeOffset now, string? detail = null) =>
        Create(contest.Id, contest.Name, action, ContestantActor, null, now, detail);

    /// <summary>Who did it, safe to show: "system (forfeiture job)", "contestant", or the admin's name, else their masked phone.</summary>
    public string ShownActor => Actor switch
    {
        SystemActor => $"system ({ActorName ?? PurgeJob})",
        ContestantActor => "contestant",
        _ => ActorName ?? PhoneNumber.Mask(Actor),
    };

    /// <summary>The action in words, for the audit page and the dashboard.</summary>
    public string ShownAction => Action switch
    {
        AuditAction.WinnersNotified => "Winners notified",
        AuditAction.PrizeClaimed => "Prize claimed",
        AuditAction.PrizeForfeited => "Prize forfeited",
        AuditAction.WinnerDisqualified => "Winner disqualified",
        AuditAction.AlternatePromoted => "Alternate promoted",
        AuditAction.EntryDisqualified => "Entry disqualified",
        AuditAction.EntriesExported => "Entries exported",
        AuditAction.MessageSent => "Message sent",
        AuditAction.FailedSmsRetried => "Failed SMS retried",
        _ => Action.ToString(),
    };

    private static AuditEntry Create(int? contestId, string? contestName, AuditAction action, string actor, string? actorName, DateTimeOffset now,
        string? detail) => new()
        {
            At = now,
            Action = action,
            Actor = actor,
            ActorName = actorName?.Length > ActorNameMaxLength ? actorName[..ActorNameMaxLength] : actorName,
            ContestId = contestId,
            ContestName = contestName,
            Detail = detail?.Length > DetailMaxLength ? detail[..DetailMaxLength] : detail,
        };
}
