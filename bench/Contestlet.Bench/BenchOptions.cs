using System.Globalization;

namespace Contestlet.Bench;

/// <param name="ResultsFile">When set, one line per contestant: phone, ok|fail, the error (the drills of scripts/tests read it).</param>
/// <param name="PauseMilliseconds">Each simulated person's pause before the next one (keeps a drill's load steady).</param>
/// <param name="MaxSeconds">No new contestant starts after this many seconds (a bound for the drills' load loops).</param>
/// <param name="OwnAddresses">Each contestant sends X-Forwarded-For with an address of their own (10.x.y.z), as phones on
/// a mobile network do, instead of all coming from 127.0.0.1. Only for an app reached directly on loopback (a trusted
/// proxy address); behind nginx the proxy's own header wins.</param>
public sealed record BenchOptions(Uri BaseUrl, string Contest, int Contestants, int Concurrency, long FirstPhone, string Code, string Label,
    string? ResultsFile = null, double MaxSeconds = 0, int PauseMilliseconds = 0, bool OwnAddresses = false)
{
    public string PhoneAt(int index) => "+" + (FirstPhone + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>The contestant's own client address (see <see cref="OwnAddresses"/>).</summary>
    public static string AddressAt(long phone) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{(phone >> 16) & 0xFF}.{(phone >> 8) & 0xFF}.{phone & 0xFF}");

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
            int.Parse(values.GetValueOrDefault("--pause-ms", "0"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("--own-addresses", "false") == "true");
    }
}
