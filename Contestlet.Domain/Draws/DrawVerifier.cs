namespace Contestlet.Domain.Draws;

/// <summary>
/// Recomputes a draw from its published inputs and says, in plain words, what does not match. This is what the
/// <c>verify-draw</c> command runs; it shares nothing with the stored draw but the algorithm.
/// </summary>
public static class DrawVerifier
{
    /// <param name="seedHex">The revealed seed, 64 hex digits.</param>
    /// <param name="commitmentHex">The commitment published with the official rules, 64 hex digits.</param>
    /// <param name="expectedWinners">The winners the draw recorded, in order; null to only compute them.</param>
    /// <param name="expectedAlternates">The alternates the draw recorded, in order; null to only compute them.</param>
    /// <param name="expectedEntryListHash">The entry-list hash the draw recorded; null to only compute it.</param>
    /// <exception cref="FormatException">The seed or a hash is not 64 hex digits.</exception>
    /// <exception cref="ArgumentException">An entry id is not positive or appears twice.</exception>
    public static DrawVerification Verify(string seedHex, string commitmentHex, IEnumerable<long> entryIds, int winnerCount, int alternateCount,
        IReadOnlyList<long>? expectedWinners, IReadOnlyList<long>? expectedAlternates, string? expectedEntryListHash = null)
    {
        var seed = ParseHash(seedHex, "seed");
        var commitment = Convert.ToHexStringLower(ParseHash(commitmentHex, "commitment"));
        var expectedHash = expectedEntryListHash is null ? null : Convert.ToHexStringLower(ParseHash(expectedEntryListHash, "entry-list hash"));

        var computedCommitment = DrawAlgorithm.Commitment(seed);
        var result = DrawAlgorithm.Run(seed, entryIds, winnerCount, alternateCount);
        var problems = new List<string>();
        if (computedCommitment != commitment)
        {
            problems.Add($"Commitment mismatch: SHA-256 of the seed is {computedCommitment}, but the published commitment is {commitment}. This is not the seed that was committed to.");
        }

        if (expectedHash is not null && result.EntryListHash != expectedHash)
        {
            problems.Add($"Entry-list hash mismatch: these {result.EntryCount} entries hash to {result.EntryListHash}, but the draw recorded {expectedHash}. This is not the entry list the draw used.");
        }

        if (expectedWinners is not null && !expectedWinners.SequenceEqual(result.Winners))
        {
            problems.Add($"Winners differ: recomputed {Describe(result.Winners)}, but the draw recorded {Describe(expectedWinners)}.");
        }

        if (expectedAlternates is not null && !expectedAlternates.SequenceEqual(result.Alternates))
        {
            problems.Add($"Alternates differ: recomputed {Describe(result.Alternates)}, but the draw recorded {Describe(expectedAlternates)}.");
        }

        return new DrawVerification(result, computedCommitment, problems);
    }

    /// <summary>Ids as the command line and the results page write them: "3,17,42", or "(none)".</summary>
    public static string Describe(IReadOnlyList<long> ids) => ids.Count == 0 ? "(none)" : string.Join(',', ids);

    private static byte[] ParseHash(string hex, string what)
    {
        var trimmed = hex.Trim();
        if (trimmed.Length != DrawAlgorithm.HashLength * 2 || !trimmed.All(Uri.IsHexDigit))
        {
            throw new FormatException($"The {what} must be {DrawAlgorithm.HashLength * 2} hex digits.");
        }

        return Convert.FromHexString(trimmed);
    }
}

/// <summary>The recomputed draw and every mismatch found; verified when there is none.</summary>
public sealed record DrawVerification(DrawResult Recomputed, string ComputedCommitment, IReadOnlyList<string> Problems)
{
    public bool Verified => Problems.Count == 0;
}
