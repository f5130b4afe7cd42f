using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Contestlet.Bench;

// Runs simulated contestants through the real entry flow against a running Contestlet and prints figures.
// Usage: dotnet run --project bench/Contestlet.Bench -c Release -- --base-url URL --contest CODE
//          --contestants N --concurrency C --first-phone +15550300000 --code 424242
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --base-url URL --contest CODE [--contestants 500] [--concurrency 32] [--first-phone +15550300000] [--code 424242]");
    return 2;
}

var results = new FlowResult[options.Contestants];
var next = -1;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < options.Contestants)
    {
        results[i] = await EntryFlow.RunAsync(options, options.PhoneAt(i));
    }
}));
clock.Stop();

Report.Print(options, results, clock.Elapsed);
return results.Any(r => !r.Ok) ? 1 : 0;
