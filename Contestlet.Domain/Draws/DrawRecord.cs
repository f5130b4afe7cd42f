using Contestlet.Domain.Contests;

namespace Contestlet.Domain.Draws;

/// <summary>
/// The one draw of a contest, stored once (the database forbids a second) and published on the results page: everything
/// the verifier needs to recompute the winners. Replacing a winner takes the next alternate; the draw is never re-run.
/// </summary>
public sealed class DrawRecord
{
    public const int AlgorithmMaxLength = 32;
    public const int HexLength = 64;
    public const int DrawnByMaxLength = 100;

    public long Id { get; private set; }
    public int ContestId { get; private set; }
    public string Algorithm { get; private set; } = null!;

    /// <summary>The contest's seed, lower-case hex: secret until now, public from the draw on.</summary>
    public string Seed { get; private set; } = null!;

    /// <summary>SHA-256 of the seed, lower-case hex, as published with the official rules.</summary>
    public string SeedCommitment { get; private set; } = null!;

    public string EntryListHash { get; private set; } = null!;
    public int EntryCount { get; private set; }

    /// <summary>How many winners and alternates were asked for; fewer are drawn when there are fewer entries.</summary>
    public int WinnerCount { get; private set; }

    public int AlternateCount { get; private set; }
    public IReadOnlyList<long> Winners { get; private set; } = [];
    public IReadOnlyList<long> Alternates { get; private set; } = [];
    public DateTimeOffset DrawnAt { get; private set; }

    /// <summary>The admin who drew, as the console identifies them.</summary>
    public string DrawnBy { get; private set; } = null!;

    private DrawRecord()
    {
    }

    internal DrawRecord(Contest contest, byte[] seed, DrawResult result, string drawnBy, DateTimeOffset now)
    {
        ContestId = contest.Id;
        Algorithm = result.Algorithm;
        Seed = Convert.ToHexStringLower(seed);
        SeedCommitment = contest.SeedCommitment!;
        EntryListHash = result.EntryListHash;
        EntryCount = result.EntryCount;
        WinnerCount = contest.Prize.WinnerCount;
        AlternateCount = contest.Prize.AlternateCount;
        Winners = result.Winners;
        Alternates = result.Alternates;
        DrawnAt = now;
        DrawnBy = drawnBy;
    }
}
