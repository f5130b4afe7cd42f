using System.Globalization;
using Contestlet.Domain.Draws;

namespace Contestlet.Web.Features.Draws;

/// <summary>
/// <c>dotnet Contestlet.Web.dll verify-draw …</c>: recomputes a published draw from its inputs. Needs no settings and no
/// database, so anyone with the build can check a contest's results page. Exit codes: 0 verified, 1 mismatch, 2 bad arguments.
/// </summary>
public static class VerifyDrawCommand
{
    public const string Name = "verify-draw";
    public const int Verified = 0;
    public const int Mismatch = 1;
    public const int BadArguments = 2;

    public const string Usage = """
        Usage: dotnet Contestlet.Web.dll verify-draw --seed HEX --commitment HEX --entries FILE --winners N --alternates M
                 [--expect-winners 3,17,42] [--expect-alternates 8,5] [--entry-list-hash HEX] [--algorithm contestlet-draw-v1]

        Recomputes a contest's draw from the data on its results page and checks it.
          --seed HEX               the revealed seed (64 hex digits)
          --commitment HEX         the commitment published with the official rules (64 hex digits)
          --entries FILE           the eligible entry ids, one per line (the results page's entries.txt); - reads stdin
          --winners N              number of winners the contest draws
          --alternates M           number of alternates the contest draws
          --expect-winners LIST    the published winners, comma separated, in order ("" for none)
          --expect-alternates LIST the published alternates, comma separated, in order ("" for none)
          --entry-list-hash HEX    the published entry-list hash
          --algorithm NAME         the published algorithm (only contestlet-draw-v1 exists)
        Exit code: 0 when everything matches, 1 when something does not, 2 for bad arguments.
        """;

    private static readonly string[] Options =
        ["seed", "commitment", "entries", "winners", "alternates", "expect-winners", "expect-alternates", "entry-list-hash", "algorithm"];

    /// <param name="args">The arguments after the command name.</param>
    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error)
    {
        VerifyDrawArguments parsed;
        try
        {
            if (args.Any(a => a is "--help" or "-h"))
            {
                output.WriteLine(Usage);
                return Verified;
            }

            parsed = Parse(args, input);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"{Name}: {ex.Message}");
            error.WriteLine();
            error.WriteLine(Usage);
            return BadArguments;
        }

        var verification = DrawVerifier.Verify(parsed.Seed, parsed.Commitment, parsed.EntryIds, parsed.Winners, parsed.Alternates,
            parsed.ExpectedWinners, parsed.ExpectedAlternates, parsed.EntryListHash);
        Report(parsed, verification, output);
        return verification.Verified ? Verified : Mismatch;
    }

    private static void Report(VerifyDrawArguments parsed, DrawVerification verification, TextWriter output)
    {
        var result = verification.Recomputed;
        output.WriteLine($"algorithm         {result.Algorithm}");
        output.WriteLine($"seed              {parsed.Seed.ToLowerInvariant()}");
        output.WriteLine($"commitment        {verification.ComputedCommitment}  "
                         + (string.Equals(verification.ComputedCommitment, parsed.Commitment, StringComparison.OrdinalIgnoreCase) ? "OK: SHA-256 of the seed" : "MISMATCH"));
        output.WriteLine($"entries           {result.EntryCount} ({parsed.EntriesSource})");
        output.WriteLine($"entry-list hash   {result.EntryListHash}" + Check(parsed.EntryListHash is null ? null : string.Equals(result.EntryListHash, parsed.EntryListHash, StringComparison.OrdinalIgnoreCase)));
        output.WriteLine($"winners ({result.Winners.Count,3})     {DrawVerifier.Describe(result.Winners)}" + Check(parsed.ExpectedWinners?.SequenceEqual(result.Winners)));
        output.WriteLine($"alternates ({result.Alternates.Count,3})  {DrawVerifier.Describe(result.Alternates)}" + Check(parsed.ExpectedAlternates?.SequenceEqual(result.Alternates)));
        output.WriteLine();
        if (verification.Verified)
        {
            output.WriteLine("VERIFIED: the draw follows from the committed seed and these entries.");
            return;
        }

        output.WriteLine("NOT VERIFIED:");
        foreach (var problem in verification.Problems)
        {
            output.WriteLine($"  - {problem}");
        }
    }

    private static string Check(bool? matches) => matches switch
    {
        true => "  OK: as published",
        false => "  MISMATCH",
        null => "",
    };

    private static VerifyDrawArguments Parse(IReadOnlyList<string> args, TextReader input)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{arg}'.");
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is var equals and > 0
                ? (arg[2..equals], arg[(equals + 1)..])
                : (arg[2..], i + 1 < args.Count ? args[++i] : throw new UsageException($"--{arg[2..]} needs a value."));
            if (!Options.Contains(name))
            {
                throw new UsageException($"unknown option --{name}.");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"--{name} is given twice.");
            }
        }

        if (values.TryGetValue("algorithm", out var algorithm) && algorithm != DrawAlgorithm.Version)
        {
            throw new UsageException($"this build verifies {DrawAlgorithm.Version} draws, not '{algorithm}'.");
        }

        // Everything cheap is checked before the entry list, which may be a million lines, is read.
        var seed = Hex(values, "seed", required: true)!;
        var commitment = Hex(values, "commitment", required: true)!;
        var entriesSource = Required(values, "entries");
        var winners = Count(values, "winners");
        var alternates = Count(values, "alternates");
        var expectedWinners = IdList(values, "expect-winners");
        var expectedAlternates = IdList(values, "expect-alternates");
        var entryListHash = Hex(values, "entry-list-hash", required: false);
        return new VerifyDrawArguments(seed, commitment, ReadEntries(entriesSource, input), entriesSource == "-" ? "stdin" : entriesSource,
            winners, alternates, expectedWinners, expectedAlternates, entryListHash);
    }

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new UsageException($"--{name} is required.");

    private static string? Hex(Dictionary<string, string> values, string name, bool required)
    {
        if (!values.TryGetValue(name, out var value))
        {
            return required ? throw new UsageException($"--{name} is required.") : null;
        }

        value = value.Trim();
        return value.Length == DrawAlgorithm.HashLength * 2 && value.All(Uri.IsHexDigit)
            ? value
            : throw new UsageException($"--{name} must be {DrawAlgorithm.HashLength * 2} hex digits.");
    }

    private static int Count(Dictionary<string, string> values, string name) =>
        int.TryParse(Required(values, name), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new UsageException($"--{name} must be a whole number, 0 or more.");

    private static List<long>? IdList(Dictionary<string, string> values, string name)
    {
        if (!values.TryGetValue(name, out var value))
        {
            return null;
        }

        var ids = new List<long>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ids.Add(ParseId(part) ?? throw new UsageException($"--{name}: '{part}' is not an entry id."));
        }

        return ids;
    }

    private static List<long> ReadEntries(string source, TextReader input)
    {
        TextReader reader;
        try
        {
            reader = source == "-" ? input : File.OpenText(source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read --entries {source}: {ex.Message}");
        }

        var ids = new List<long>();
        var seen = new HashSet<long>();
        var lineNumber = 0;
        using var ownedFile = source == "-" ? null : reader;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var id = ParseId(text) ?? throw new UsageException($"--entries line {lineNumber}: '{Shorten(text)}' is not an entry id.");
            if (!seen.Add(id))
            {
                throw new UsageException($"--entries line {lineNumber}: entry {id} appears twice.");
            }

            ids.Add(id);
        }

        return ids;
    }

    private static long? ParseId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private sealed class UsageException(string message) : Exception(message);

    private sealed record VerifyDrawArguments(
        string Seed,
        string Commitment,
        IReadOnlyList<long> EntryIds,
        string EntriesSource,
        int Winners,
        int Alternates,
        IReadOnlyList<long>? ExpectedWinners,
        IReadOnlyList<long>? ExpectedAlternates,
        string? EntryListHash);
}
