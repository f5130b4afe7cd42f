using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Contestlet.Bench;

public sealed record FlowResult(bool Ok, string? Error, double TotalMs, double[] StepMs);

/// <summary>One contestant, one browser-like client with its own cookies: the four requests a person makes.</summary>
public static partial class EntryFlow
{
    public static readonly string[] Steps = ["contest page", "send code", "verify code", "entered page"];

    public static async Task<FlowResult> RunAsync(BenchOptions options, string phone)
    {
        using var handler = new CookieJarHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        using var http = new HttpClient(handler) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (options.OwnAddresses)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-For", BenchOptions.AddressAt(long.Parse(phone.TrimStart('+'), CultureInfo.InvariantCulture)));
        }

        var steps = new double[Steps.Length];
        var total = Stopwatch.StartNew();
        try
        {
            var contestPath = $"/c/{options.Contest}";
            var step = Stopwatch.StartNew();
            var page = await GetOkAsync(http, contestPath);
            steps[0] = step.Elapsed.TotalMilliseconds;

            step.Restart();
            var codePath = await PostRedirectAsync(http, contestPath, "enter-contest", Token(page),
                ("Input.Phone", phone), ("Input.Confirmed", "true"));
            if (!codePath.StartsWith("/signin/code", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"send code went to {codePath}");
            }

            var codePage = await GetOkAsync(http, codePath);
            steps[1] = step.Elapsed.TotalMilliseconds;

            step.Restart();
            var enteredPath = await PostRedirectAsync(http, codePath, "signin-code", Token(codePage), ("Input.Code", options.Code));
            steps[2] = step.Elapsed.TotalMilliseconds;

            step.Restart();
            var entered = await GetOkAsync(http, enteredPath);
            steps[3] = step.Elapsed.TotalMilliseconds;
            if (!entered.Contains("You&#x27;re in!", StringComparison.Ordinal) && !entered.Contains("You're in!", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the entered page did not confirm the entry");
            }

            return new FlowResult(true, null, total.Elapsed.TotalMilliseconds, steps);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            return new FlowResult(false, ex.Message, total.Elapsed.TotalMilliseconds, steps);
        }
    }

    internal static async Task<string> GetOkAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} {Kind(await response.Content.ReadAsStringAsync())}");
        }

        return await response.Content.ReadAsStringAsync();
    }

    internal static async Task<string> PostRedirectAsync(HttpClient http, string path, string handler, string token, params (string Name, string Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("_handler", handler), new("__RequestVerificationToken", token) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(form));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found))
        {
            var body = await response.Content.ReadAsStringAsync();
            var alert = AlertPattern().Match(body);
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode} {Kind(body)}{(alert.Success ? ": " + WebUtility.HtmlDecode(alert.Groups[1].Value) : "")}");
        }

        return response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString;
    }

    /// <summary>
    /// What a failed answer showed the person: [stack-trace] (an exception's frames or type leaked), [friendly] (a page
    /// asking to try again) or [bare] (anything else, e.g. an empty 500). The fault drills count these.
    /// </summary>
    public static string Kind(string body) =>
        body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception:", StringComparison.Ordinal) ? "[stack-trace]"
        : body.Contains("try again", StringComparison.OrdinalIgnoreCase) ? "[friendly]"
        : "[bare]";

    internal static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("no antiforgery token");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("role=\"alert\"[^>]*>([^<]+)<")]
    private static partial Regex AlertPattern();
}

/// <summary>
/// One person's cookies, sent back to the same host whatever their Secure flag: Staging and Production mark cookies
/// Secure, and the load generator speaks plain HTTP on loopback (behind nginx, as the drills in scripts/tests do).
/// </summary>
internal sealed class CookieJarHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var line in setCookies)
            {
                var pair = line.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue;
                }

                var name = pair[..equals].Trim();
                var value = pair[(equals + 1)..].Trim();
                if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return response;
    }
}
