using Contestlet.Domain.Contests;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>Which fields the form offers, mirroring <see cref="Contest.CheckEdit"/> (which decides).</summary>
public enum ContestLock
{
    None,
    HasEntries,
    TextsOnly,
}

public static class ContestLocks
{
    public static ContestLock For(Contest contest) =>
        contest.DrawnAt is not null || contest.CancelledAt is not null ? ContestLock.TextsOnly
        : contest.EntryCount > 0 ? ContestLock.HasEntries
        : ContestLock.None;
}
