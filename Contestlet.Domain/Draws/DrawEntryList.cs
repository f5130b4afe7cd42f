using System.Globalization;
using System.Text;

namespace Contestlet.Domain.Draws;

/// <summary>
/// The entry ids a contest's draw was made from, as the public <c>entries.txt</c>: one id per line, ascending, each line
/// ending in a newline. Written once in the draw's transaction and never changed, so serving it is one row read and it
/// always matches the draw's entry-list hash, whatever happens to the entries afterwards.
/// </summary>
public sealed class DrawEntryList
{
    public int ContestId { get; private set; }

    public string Text { get; private set; } = null!;

    private DrawEntryList()
    {
    }

    public static DrawEntryList For(int contestId, IEnumerable<long> entryIds)
    {
        var text = new StringBuilder();
        foreach (var id in DrawAlgorithm.Canonicalize(entryIds))
        {
            text.Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return new DrawEntryList { ContestId = contestId, Text = text.ToString() };
    }

    /// <summary>The ids back from the text (the verifier's reading of it).</summary>
    public IReadOnlyList<long> Ids() =>
        Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => long.Parse(line, CultureInfo.InvariantCulture)).ToList();
}
