namespace Contestlet.Domain.Contests;

/// <summary>How far an existing contest can still be edited (<see cref="Contest.EditLock"/>).</summary>
public enum ContestLock
{
    /// <summary>Anything: nobody has entered yet.</summary>
    None,

    /// <summary>People have entered: the start and zone are fixed, the end can only be extended, the per-person limit stays.</summary>
    HasEntries,

    /// <summary>Drawn or cancelled: only texts and images.</summary>
    TextsOnly,
}
