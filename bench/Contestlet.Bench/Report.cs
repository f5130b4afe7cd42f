using System.Globalization;

namespace Contestlet.Bench;

public static class Report
{
    public static void Print(BenchOptions options, FlowResult[] results, TimeSpan elapsed)
    {
        var ok = results.Where(r => r.Ok).ToArray();
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture, $"entry flow {options.Label}: {results.Length} contestants, concurrency {options.Concurrency}, {elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(culture, $"  completed entries: {ok.Length}   errors: {results.Length - ok.Length}   entries/s: {ok.Length / elapsed.TotalSeconds:0.0}"));
        if (ok.Length > 0)
        {
            Console.WriteLine(Line("whole flow", ok.Select(r => r.TotalMs)));
            for (var s = 0; s < EntryFlow.Steps.Length; s++)
            {
                var step = s;
                Console.WriteLine(Line(EntryFlow.Steps[step], ok.Select(r => r.StepMs[step])));
            }
        }

        foreach (var group in results.Where(r => !r.Ok).GroupBy(r => r.Error).Take(5))
        {
            Console.WriteLine($"  error x{group.Count()}: {group.Key}");
        }
    }

    private static string Line(string name, IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"  {name,-14} p50 {P(0.50),7:0.0} ms   p95 {P(0.95),7:0.0} ms   p99 {P(0.99),7:0.0} ms   max {sorted[^1],7:0.0} ms");
    }
}
