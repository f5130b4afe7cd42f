using Contestlet.Domain.Draws;

namespace Contestlet.Web.Tests.Domain.Draws;

/// <summary>
/// Pearson's chi-square goodness-of-fit against "every entry equally likely". Seeds come from a seeded generator,
/// so each run sees the same draws: the tests cannot flake, and they fail only if the algorithm becomes biased.
/// </summary>
public sealed class DrawUniformityTests
{
    private const int EntryCount = 20;
    private const int Draws = 20_000;

    // Upper 0.1% point of the chi-square distribution with 19 degrees of freedom (20 entries − 1).
    private const double CriticalValueP001Df19 = 43.820;

    private static readonly long[] Entries = Enumerable.Range(0, EntryCount).Select(i => 1_000L + (i * 37)).ToArray();

    [Fact]
    public void EachEntryWinsEquallyOftenGivenOneWinner()
    {
        var counts = CountByPosition(winners: 1, alternates: 0, seedOfSeeds: 20_261_124)[0];

        Assert.Equal(Draws, counts.Values.Sum());
        Assert.InRange(ChiSquare(counts, Draws / (double)EntryCount), 0, CriticalValueP001Df19);
    }

    [Fact]
    public void EachEntryIsEquallyLikelyAtEveryWinnerAndAlternatePosition()
    {
        var byPosition = CountByPosition(winners: 3, alternates: 2, seedOfSeeds: 6);

        Assert.Equal(5, byPosition.Count);
        Assert.All(byPosition, counts =>
        {
            Assert.Equal(Draws, counts.Values.Sum());
            Assert.InRange(ChiSquare(counts, Draws / (double)EntryCount), 0, CriticalValueP001Df19);
        });
    }

    [Fact]
    public void EachEntryIsAmongTheWinnersEquallyOften()
    {
        var random = new Random(1_729);
        var counts = Entries.ToDictionary(id => id, _ => 0);
        for (var draw = 0; draw < Draws; draw++)
        {
            foreach (var winner in DrawAlgorithm.Run(NextSeed(random), Entries, winnerCount: 3, alternateCount: 2).Winners)
            {
                counts[winner]++;
            }
        }

        Assert.Equal(3 * Draws, counts.Values.Sum());
        Assert.InRange(ChiSquare(counts, 3.0 * Draws / EntryCount), 0, CriticalValueP001Df19);
    }

    [Fact]
    public void ChiSquareFlagsADrawThatFavoursSomeEntries()
    {
        // The check itself must be able to fail: a naive "small value modulo n" pick, where values 0–29 map onto 20
        // entries, gives entries 0–9 twice the chance of the others. The same statistic must reject it.
        var random = new Random(7);
        var counts = Entries.ToDictionary(id => id, _ => 0);
        for (var draw = 0; draw < Draws; draw++)
        {
            counts[Entries[random.Next(30) % EntryCount]]++;
        }

        Assert.True(ChiSquare(counts, Draws / (double)EntryCount) > CriticalValueP001Df19);
    }

    private static List<Dictionary<long, int>> CountByPosition(int winners, int alternates, int seedOfSeeds)
    {
        var random = new Random(seedOfSeeds);
        var positions = Enumerable.Range(0, winners + alternates).Select(_ => Entries.ToDictionary(id => id, _ => 0)).ToList();
        for (var draw = 0; draw < Draws; draw++)
        {
            var result = DrawAlgorithm.Run(NextSeed(random), Entries, winners, alternates);
            var drawn = result.Winners.Concat(result.Alternates).ToList();
            for (var position = 0; position < drawn.Count; position++)
            {
                positions[position][drawn[position]]++;
            }
        }

        return positions;
    }

    private static byte[] NextSeed(Random random)
    {
        var seed = new byte[DrawAlgorithm.SeedLength];
        random.NextBytes(seed);
        return seed;
    }

    private static double ChiSquare(Dictionary<long, int> observed, double expected) =>
        observed.Values.Sum(count => (count - expected) * (count - expected) / expected);
}
