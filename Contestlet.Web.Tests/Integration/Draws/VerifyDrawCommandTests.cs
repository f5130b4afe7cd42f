using System.Diagnostics;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Infrastructure.Hosting;

namespace Contestlet.Web.Tests.Integration.Draws;

public sealed class VerifyDrawCommandTests : IDisposable
{
    // The golden draw of the domain tests: 10 entries, 3 winners, 2 alternates.
    private const string Seed = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Commitment = "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd";
    private const string EntryListHash = "bf3b52f1ec00eccac53010f08423a5b2a538a825246d1e244e20d3edaecef830";

    private readonly string _entries = Path.Combine(Path.GetTempPath(), $"contestlet-verify-{Guid.NewGuid():N}.txt");

    public VerifyDrawCommandTests() => File.WriteAllText(_entries, "3\n17\n42\n5\n8\n99\n1000\n12\n77\n64\n");

    public void Dispose() => File.Delete(_entries);

    [Fact]
    public void ExitsZeroAndPrintsDrawGivenMatchingPublishedData()
    {
        var run = Run(Arguments("--expect-winners", "12,42,64", "--expect-alternates", "5,17", "--entry-list-hash", EntryListHash));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"commitment        {Commitment}  OK", run.Output);
        Assert.Contains($"entry-list hash   {EntryListHash}  OK", run.Output);
        Assert.Contains("winners (  3)     12,42,64  OK", run.Output);
        Assert.Contains("alternates (  2)  5,17  OK", run.Output);
        Assert.Contains("VERIFIED", run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void ExitsZeroGivenOnlySeedAndCommitmentToCheck()
    {
        var run = Run(Arguments());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("12,42,64", run.Output);
    }

    [Fact]
    public void ExitsOneWithMessageGivenWinnersDiffer()
    {
        var run = Run(Arguments("--expect-winners", "12,64,42"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NOT VERIFIED", run.Output);
        Assert.Contains("Winners differ: recomputed 12,42,64, but the draw recorded 12,64,42.", run.Output);
    }

    [Fact]
    public void ExitsOneWithMessageGivenCommitmentOfAnotherSeed()
    {
        var run = Run("--seed", Seed, "--commitment", new string('a', 64), "--entries", _entries, "--winners", "3", "--alternates", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Commitment mismatch:", run.Output);
    }

    [Fact]
    public void ExitsOneWithMessageGivenEntryListThatWasNotDrawnFrom()
    {
        File.AppendAllText(_entries, "1001\n");

        var run = Run(Arguments("--entry-list-hash", EntryListHash));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Entry-list hash mismatch:", run.Output);
    }

    [Fact]
    public void ReadsEntriesFromStandardInputGivenDash()
    {
        var run = RunWithInput(File.ReadAllText(_entries), "--seed", Seed, "--commitment", Commitment, "--entries", "-", "--winners", "3", "--alternates", "2",
            "--expect-winners", "12,42,64");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("entries           10 (stdin)", run.Output);
    }

    [Theory]
    [InlineData("--winners", "--winners is required.")]
    [InlineData("--seed", "--seed is required.")]
    public void ExitsTwoWithUsageGivenRequiredOptionMissing(string left, string message)
    {
        var args = Arguments().ToList();
        var index = args.IndexOf(left);
        args.RemoveRange(index, 2);

        var run = Run([.. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Contains("Usage: dotnet Contestlet.Web.dll verify-draw", run.Error);
    }

    [Theory]
    [InlineData("--seed", "abc", "--seed must be 64 hex digits.")]
    [InlineData("--winners", "-1", "--winners must be a whole number, 0 or more.")]
    [InlineData("--expect-winners", "12,x", "--expect-winners: 'x' is not an entry id.")]
    [InlineData("--algorithm", "contestlet-draw-v0", "this build verifies contestlet-draw-v1 draws")]
    [InlineData("--entries", "/nonexistent/entries.txt", "cannot read --entries /nonexistent/entries.txt")]
    public void ExitsTwoGivenBadValue(string option, string value, string message)
    {
        var args = Arguments().ToList();
        var index = args.IndexOf(option);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var run = Run([.. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void ExitsTwoNamingTheLineGivenEntriesFileWithAWrongLine()
    {
        File.WriteAllText(_entries, "3\n17\nseventeen\n");

        var run = Run(Arguments());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--entries line 3: 'seventeen' is not an entry id.", run.Error);
    }

    [Fact]
    public void ExitsTwoGivenEntryListedTwice()
    {
        File.WriteAllText(_entries, "3\n17\n3\n");

        var run = Run(Arguments());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--entries line 3: entry 3 appears twice.", run.Error);
    }

    [Fact]
    public void ExitsTwoGivenUnknownOption()
    {
        var run = Run(Arguments("--winner", "3"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option --winner.", run.Error);
    }

    [Fact]
    public void IsAnAppCommandThatRunsWithoutAHost() =>
        // Not a verify-draw argument list: the app must go on to start its host.
        Assert.Null(AppCommands.TryRunWithoutHost(["migrate"]));

    [Fact]
    public async Task RunsFromTheBuiltAppWithNoSettingsOrDatabase()
    {
        // The real entry point, in an environment that would refuse to start a host without its settings.
        var app = Path.Combine(AppContext.BaseDirectory, "Contestlet.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production", ["DATABASE_URL"] = "" },
        };
        foreach (var arg in (string[])[app, VerifyDrawCommand.Name, .. Arguments("--expect-winners", "12,42,64", "--expect-alternates", "5,17")])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal("", await error);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("VERIFIED", await output);
    }

    internal static CommandRun Run(params string[] args) => RunWithInput("", args);

    private static CommandRun RunWithInput(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = VerifyDrawCommand.Run(args, input, output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    private string[] Arguments(params string[] extra) =>
        ["--seed", Seed, "--commitment", Commitment, "--entries", _entries, "--winners", "3", "--alternates", "2", .. extra];

    internal sealed record CommandRun(int ExitCode, string Output, string Error);
}
