using System.Globalization;

namespace Contestlet.Bench;

/// <param name="ResultsFile">When set, one line per contestant: phone, ok|fail, the error (the drills of scripts/tests read it).</param>
/// <param name="PauseMilliseconds">Each simulated person's pause before the next one (keeps a drill's load steady).</param>
/// <param name="MaxSeconds">No new contestant starts after this many seconds (a bound for the drills' load loops).</param>
public sealed record BenchOptions(Uri BaseUrl, string Contest, int Contestants, int Concurrency, long FirstPhone, string Code, string Label,
    string? ResultsFile = null, double MaxSeconds = 0, int PauseMilliseconds = 0)
{
    public string PhoneAt(int index) => "+" + (FirstPhone + index).ToString(CultureInfo.InvariantCulture);

    public static BenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (!values.TryGetValue("--base-url", out var url) || !values.TryGetValue("--contest", out var contest))
        {
            return null;
        }

        return new BenchOptions(
            new Uri(url),
            contest,
            int.Parse(values.GetValueOrDefault("--contestants", "500"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--concurrency", "32"), CultureInfo.InvariantCulture),
            long.Parse(values.GetValueOrDefault("--first-phone", "+15550300000").TrimStart('+'), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("--code", "424242"),
            values.GetValueOrDefault("--label", ""),
            values.GetValueOrDefault("--results"),
            double.Parse(values.GetValueOrDefault("--max-seconds", "0"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--pause-ms", "0"), CultureInfo.InvariantCulture));
    }
}
