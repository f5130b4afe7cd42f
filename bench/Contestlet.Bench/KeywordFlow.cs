using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Contestlet.Bench;

/// <summary>
/// Text to win: each simulated contestant texts the keyword once, as Twilio delivers it — a signed POST to the inbound
/// webhook. The app answers after the entry is written, so a 200 is a processed keyword entry.
/// </summary>
public static class KeywordFlow
{
    public const string InboundPath = "/webhooks/twilio/inbound";

    public static async Task<FlowResult> RunAsync(HttpClient http, BenchOptions options, string keywordText, string authToken, string phone)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["AccountSid"] = "AC00000000000000000000000000000000",
            ["From"] = phone,
            ["To"] = "+15005550006",
            ["Body"] = keywordText,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, InboundPath) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign(authToken, new Uri(options.BaseUrl, InboundPath).ToString(), form));
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var ms = clock.Elapsed.TotalMilliseconds;
            return response.StatusCode == HttpStatusCode.OK
                ? new FlowResult(true, null, ms, [ms])
                : new FlowResult(false, $"inbound answered {(int)response.StatusCode}", ms, [ms]);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new FlowResult(false, ex.Message, clock.Elapsed.TotalMilliseconds, [clock.Elapsed.TotalMilliseconds]);
        }
    }

    /// <summary>Twilio's scheme: URL, then each parameter name and value in name order, HMAC-SHA1, base64.</summary>
    private static string Sign(string token, string url, Dictionary<string, string> form)
    {
        var text = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's scheme.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
    }

    public static void Print(BenchOptions options, FlowResult[] results, TimeSpan elapsed)
    {
        var ok = results.Where(r => r.Ok).Select(r => r.TotalMs).Order().ToArray();
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture, $"keyword entries {options.Label}: {results.Length} texts, concurrency {options.Concurrency}, {elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(culture, $"  processed: {ok.Length}   errors: {results.Length - ok.Length}   keyword entries/s: {ok.Length / elapsed.TotalSeconds:0.0}"));
        if (ok.Length > 0)
        {
            double P(double p) => ok[Math.Min(ok.Length - 1, (int)Math.Ceiling(p * ok.Length) - 1)];
            Console.WriteLine(string.Create(culture, $"  signed webhook p50 {P(0.50),7:0.0} ms   p95 {P(0.95),7:0.0} ms   p99 {P(0.99),7:0.0} ms   max {ok[^1],7:0.0} ms"));
        }

        foreach (var group in results.Where(r => !r.Ok).GroupBy(r => r.Error).Take(5))
        {
            Console.WriteLine($"  error x{group.Count()}: {group.Key}");
        }
    }
}
