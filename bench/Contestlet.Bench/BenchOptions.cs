using System.Globalization;

namespace Contestlet.Bench;

public sealed record BenchOptions(Uri BaseUrl, string Contest, int Contestants, int Concurrency, long FirstPhone, string Code, string Label)
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
            values.GetValueOrDefault("--label", ""));
    }
}
