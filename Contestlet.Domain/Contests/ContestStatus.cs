namespace Contestlet.Domain.Contests;

/// <summary>Where a contest is in its life. Computed from the clock by <see cref="Contest.StatusAt"/>, never stored.</summary>
public enum ContestStatus
{
    Draft,
    Upcoming,
    Active,
    Ended,
    Complete,
    Cancelled,
}
