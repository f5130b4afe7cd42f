using System.Globalization;

namespace Contestlet.Bench.Admin;

public static class AdminReport
{
    private const double MiB = 1024 * 1024;

    public static void Print(AdminBenchOptions options, TimeSpan load, TimeSpan setup, IReadOnlyList<GridResult> grid, CsvResult csv,
        DrawResultTimes draw)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"admin bench ({options.Provider}): {options.Entries:N0} entries in one ended contest"));
        Console.WriteLine(string.Create(c, $"  setup {setup.TotalSeconds:0.0} s, of which bulk load {load.TotalSeconds:0.0} s (not a result)"));
        Console.WriteLine(string.Create(c, $"  entries grid, 25 rows, {options.Runs} runs after {options.WarmUps} warm-ups:"));
        foreach (var g in grid)
        {
            Console.WriteLine(string.Create(c,
                $"    {g.Name,-17} p50 {g.P50Ms,8:0.0} ms   p95 {g.P95Ms,8:0.0} ms   max {g.MaxMs,8:0.0} ms   ({g.Rows} rows of {g.Total:N0})"));
        }

        Console.WriteLine(string.Create(c,
            $"  CSV export: {csv.Rows:N0} rows in {csv.Elapsed.TotalMilliseconds:0} ms = {csv.Rows / csv.Elapsed.TotalSeconds:N0} rows/s, {csv.Bytes / MiB:0.0} MiB"));
        Console.WriteLine(string.Create(c,
            $"    peak over baseline: heap +{(csv.HeapPeak - csv.HeapBaseline) / MiB:0.0} MiB (baseline {csv.HeapBaseline / MiB:0.0}), " +
            $"working set +{(csv.WorkingSetPeak - csv.WorkingSetBaseline) / MiB:0.0} MiB (baseline {csv.WorkingSetBaseline / MiB:0.0}); " +
            $"allocated {csv.Allocated / MiB:0} MiB ({(double)csv.Allocated / Math.Max(1, csv.Rows):0} B/row); {csv.Samples} samples"));
        Console.WriteLine(string.Create(c,
            $"  draw (DrawService.DrawAsync, once): {draw.Total.TotalMilliseconds:0} ms for {draw.Eligible:N0} eligible entries; " +
            $"pieces again: load ids {draw.LoadIds.TotalMilliseconds:0} ms, sort+hash {draw.Hash.TotalMilliseconds:0.0} ms, pick {draw.Pick.TotalMilliseconds:0.00} ms"));
    }
}
