namespace Contestlet.Domain.Fraud;

/// <summary>One signal raised on one entry, with the words an admin reads before deciding. Never a disqualification.</summary>
public sealed class EntrySignal
{
    public const int DetailMaxLength = 300;

    public long EntryId { get; private set; }
    public int ContestId { get; private set; }
    public FraudSignal Signal { get; private set; }
    public string Detail { get; private set; } = null!;
    public DateTimeOffset DetectedAt { get; private set; }

    private EntrySignal()
    {
    }

    public EntrySignal(long entryId, int contestId, FraudSignal signal, string detail, DateTimeOffset detectedAt)
    {
        EntryId = entryId;
        ContestId = contestId;
        Signal = signal;
        Detail = Trim(detail);
        DetectedAt = detectedAt;
    }

    /// <summary>A later pass saw more of the same (a cluster grew): the words follow, the first detection time stays.</summary>
    public void Describe(string detail) => Detail = Trim(detail);

    private static string Trim(string detail) => detail.Length <= DetailMaxLength ? detail : detail[..DetailMaxLength];
}

/// <summary>How far the background pass has looked at a contest's entries (entry ids only grow).</summary>
public sealed class FraudScanMark
{
    public int ContestId { get; private set; }
    public long ScannedThroughEntryId { get; private set; }
    public DateTimeOffset ScannedAt { get; private set; }

    private FraudScanMark()
    {
    }

    public FraudScanMark(int contestId) => ContestId = contestId;

    public void Advance(long entryId, DateTimeOffset now)
    {
        ScannedThroughEntryId = Math.Max(ScannedThroughEntryId, entryId);
        ScannedAt = now;
    }
}
