using Contestlet.Domain.Entries;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>
/// Entries per contest, 15-minute UTC slot, source and state, added up by the background entries pass (FraudReview) as it
/// reads new entries: the hub charts and breaks down a million entries from a few hundred rows plus the entries the pass
/// has not read yet. Fifteen minutes because every time zone's offset is a multiple of it, so local hours and days are exact.
/// </summary>
public sealed class EntryRollup
{
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(15);

    public int ContestId { get; private set; }
    public DateTimeOffset SlotStart { get; private set; }
    public EntrySource Source { get; private set; }

    /// <summary>The entrant's state, or "" when the contest does not ask.</summary>
    public string State { get; private set; } = "";

    public int Entries { get; private set; }

    /// <summary>Entries that were their number's first in the contest: summed, the contest's unique people.</summary>
    public int People { get; private set; }

    private EntryRollup()
    {
    }

    public EntryRollup(int contestId, DateTimeOffset slotStart, EntrySource source, string state)
    {
        ContestId = contestId;
        SlotStart = slotStart;
        Source = source;
        State = state;
    }

    public void Add(int entries, int people)
    {
        Entries += entries;
        People += people;
    }

    public static DateTimeOffset SlotOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % Slot.Ticks, TimeSpan.Zero);
    }
}
