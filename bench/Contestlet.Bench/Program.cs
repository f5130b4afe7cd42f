using System.Diagnostics;
using Contestlet.Bench;

// Runs simulated contestants through the real entry flow against a running Contestlet and prints figures.
// Usage: dotnet run --project bench/Contestlet.Bench -c Release -- --base-url URL --contest CODE
//          --contestants N --concurrency C --first-phone +15550300000 --code 424242 [--results FILE] [--max-seconds S] [--pause-ms MS] [--own-addresses true]
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --base-url URL --contest CODE [--contestants 500] [--concurrency 32] [--first-phone +15550300000] [--code 424242] [--results FILE] [--max-seconds S] [--pause-ms MS] [--own-addresses true]");
    return 2;
}

// --insight RUNS [--warmups N]: instead, sign in as the admin --first-phone and time the contest hub of contest id --contest
// and the dashboard (run-insight-bench.sh).
if (Array.IndexOf(args, "--insight") is >= 0 and var n && n + 1 < args.Length)
{
    var warmUps = Array.IndexOf(args, "--warmups") is >= 0 and var w && w + 1 < args.Length ? int.Parse(args[w + 1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    return await InsightLoads.RunAsync(options, int.Parse(args[n + 1], System.Globalization.CultureInfo.InvariantCulture), warmUps);
}

// --keyword "WIN NY" --auth-token T: text to win instead (one signed inbound webhook per contestant).
var keywordText = Array.IndexOf(args, "--keyword") is >= 0 and var k && k + 1 < args.Length ? args[k + 1] : null;
var authToken = Array.IndexOf(args, "--auth-token") is >= 0 and var t && t + 1 < args.Length ? args[t + 1] : "";
using var shared = new HttpClient { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

var results = new FlowResult[options.Contestants];
var next = -1;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < options.Contestants)
    {
        if (options.MaxSeconds > 0 && clock.Elapsed.TotalSeconds >= options.MaxSeconds)
        {
            break;
        }

        results[i] = keywordText is null
            ? await EntryFlow.RunAsync(options, options.PhoneAt(i))
            : await KeywordFlow.RunAsync(shared, options, keywordText, authToken, options.PhoneAt(i));
        if (options.PauseMilliseconds > 0)
        {
            await Task.Delay(options.PauseMilliseconds);
        }
    }
}));
clock.Stop();

var ran = results.Where(r => r is not null).ToArray();
if (options.ResultsFile is { } file)
{
    await File.WriteAllLinesAsync(file, results.Select((r, index) => (r, index)).Where(x => x.r is not null)
        .Select(x => $"{options.PhoneAt(x.index)}\t{(x.r.Ok ? "ok" : "fail")}\t{x.r.Error}"));
}

if (keywordText is null)
{
    Report.Print(options, ran, clock.Elapsed);
}
else
{
    KeywordFlow.Print(options, ran, clock.Elapsed);
}

return ran.Any(r => !r.Ok) ? 1 : 0;
