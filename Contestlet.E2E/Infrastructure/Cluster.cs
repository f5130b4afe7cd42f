using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Contestlet.E2E.Infrastructure;

/// <summary>
/// Several instances of the app behind nginx, started by <c>scripts/tests/instances-test.sh</c> (Staging settings, a
/// shared PostgreSQL, the checked-in nginx site with a test-only <c>X-Served-By</c> header on <c>/_blazor</c>). The script
/// passes what a journey needs in the environment; without it the journey fails saying where it runs.
/// </summary>
public sealed partial class Cluster
{
    private Cluster(Uri baseUrl, string adminPhone, string smsLog, string stopCommand, string contestName, string? reportFile)
    {
        BaseUrl = baseUrl;
        AdminPhone = adminPhone;
        SmsLog = smsLog;
        StopCommand = stopCommand;
        ContestName = contestName;
        ReportFile = reportFile;
    }

    /// <summary>nginx in front of the instances.</summary>
    public Uri BaseUrl { get; }

    /// <summary>An admin number no other step of the script signs in with (sign-in has a per-number cooldown).</summary>
    public string AdminPhone { get; }

    /// <summary>The fake Twilio's log (nginx): one line per text the instances sent, "201 To=%2B…&amp;Body=…".</summary>
    public string SmsLog { get; }

    /// <summary>Stops the instance at a host:port and prints its name (<c>scripts/tests/lib/stop-instance.sh</c>).</summary>
    public string StopCommand { get; }

    /// <summary>A contest in the cluster's database, for the console to show.</summary>
    public string ContestName { get; }

    /// <summary>Where a journey writes its figures for the script's summary (optional).</summary>
    public string? ReportFile { get; }

    public static Cluster FromEnvironment()
    {
        static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: the Runs=Cluster journeys need several app instances behind nginx; scripts/tests/instances-test.sh starts them and runs these journeys.");

        return new Cluster(
            new Uri(Required("CONTESTLET_E2E_CLUSTER_URL").TrimEnd('/') + "/"),
            Required("CONTESTLET_E2E_CLUSTER_ADMIN"),
            Required("CONTESTLET_E2E_CLUSTER_SMS_LOG"),
            Required("CONTESTLET_E2E_CLUSTER_STOP"),
            Required("CONTESTLET_E2E_CLUSTER_CONTEST"),
            Environment.GetEnvironmentVariable("CONTESTLET_E2E_CLUSTER_REPORT") is { Length: > 0 } report ? report : null);
    }

    /// <summary>Texts the fake Twilio has accepted so far (to find the next code).</summary>
    public int TextsSent() => File.Exists(SmsLog) ? File.ReadLines(SmsLog).Count() : 0;

    /// <summary>The first sign-in code texted to <paramref name="e164"/> after the first <paramref name="sentBefore"/> texts.</summary>
    public async Task<string> CodeSentToAsync(string e164, int sentBefore)
    {
        var to = "To=%2B" + e164.TrimStart('+');
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            var code = File.Exists(SmsLog)
                ? File.ReadLines(SmsLog).Skip(sentBefore)
                    .Where(line => line.StartsWith("201 ", StringComparison.Ordinal) && line.Split(' ', '&').Contains(to))
                    .Select(line => CodeInBody().Match(line))
                    .FirstOrDefault(match => match.Success)?.Groups[1].Value
                : null;
            if (code is not null)
            {
                return code;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The fake Twilio received no code for {e164} within 30 s ({SmsLog}).");
    }

    /// <summary>Stops the instance nginx names <paramref name="upstreamAddress"/> (host:port); returns its name.</summary>
    public async Task<string> StopInstanceAsync(string upstreamAddress)
    {
        var start = new ProcessStartInfo(StopCommand) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(upstreamAddress);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {StopCommand}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"{StopCommand} {upstreamAddress} exited {process.ExitCode}: {await error}");
    }

    public async Task ReportAsync(string line)
    {
        if (ReportFile is not null)
        {
            await File.AppendAllTextAsync(ReportFile, line + "\n");
        }
    }

    [GeneratedRegex(@"(?:^|[ &])Body=(\d{6})(?:\D|$)")]
    private static partial Regex CodeInBody();
}
