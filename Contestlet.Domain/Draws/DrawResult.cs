namespace Contestlet.Domain.Draws;

/// <summary>What <see cref="DrawAlgorithm.Run"/> computes from a seed and the eligible entries.</summary>
/// <param name="EntryListHash">Lower-case hex SHA-256 of the canonical entry list.</param>
/// <param name="Winners">Entry ids in the order they were drawn.</param>
/// <param name="Alternates">Entry ids in the order they replace winners.</param>
public sealed record DrawResult(string Algorithm, string EntryListHash, int EntryCount, IReadOnlyList<long> Winners, IReadOnlyList<long> Alternates);
