using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Contestlet.Bench;

/// <summary>
/// Signs in as an admin (the QA number, made an admin by the script) and loads the contest hub of one contest and the dashboard
/// many times, one request at a time: each load is the full server render of the page (the console prerenders with its data),
/// timed from request to the last byte. Prints p50 / p95 / max per page.
/// </summary>
public static class InsightLoads
{
    public static async Task<int> RunAsync(BenchOptions options, int runs, int warmUps)
    {
        using var handler = new CookieJarHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        using var http = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        var admin = options.PhoneAt(0);
        var signIn = await EntryFlow.GetOkAsync(http, "/signin");
        var codePath = await EntryFlow.PostRedirectAsync(http, "/signin", "signin-phone", EntryFlow.Token(signIn), ("Input.Phone", admin));
        var codePage = await EntryFlow.GetOkAsync(http, codePath);
        await EntryFlow.PostRedirectAsync(http, codePath, "signin-code", EntryFlow.Token(codePage), ("Input.Code", options.Code));

        // What each page shows only once its data has loaded (not its "Loading…" state).
        var pages = new (string Name, string Path, string Marker)[]
        {
            ("contest hub", $"/admin/contests/{options.Contest}", "data-testid=\"hub-schedule\""),
            ("dashboard", "/admin", "data-testid=\"count-active\""),
        };
        Console.WriteLine($"{"page",-12} {"loads",6} {"p50 ms",8} {"p95 ms",8} {"max ms",8}  {options.Label}");
        foreach (var (name, path, marker) in pages)
        {
            var times = new List<double>();
            for (var i = 0; i < warmUps + runs; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                clock.Stop();
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains(marker, StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"GET {path} answered {(int)response.StatusCode} without its data ({EntryFlow.Kind(body)})");
                    return 1;
                }

                if (i >= warmUps)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-12} {times.Count,6} {Percentile(times, 0.50),8:0.0} {Percentile(times, 0.95),8:0.0} {times[^1],8:0.0}"));
        }

        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
