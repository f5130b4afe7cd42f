using System.Security.Cryptography;
using System.Text;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Notifications;

/// <summary>
/// Twilio's request signature: base64(HMAC-SHA1(auth token, full URL + each form key and value, keys in ordinal order)),
/// sent as X-Twilio-Signature. Checked on every webhook request before anything is read or changed.
/// </summary>
public sealed class TwilioSignature(IOptions<SmsOptions> options)
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

#pragma warning disable CA5350 // Twilio's scheme is HMAC-SHA1; we verify it, we do not choose it.
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }

    public bool IsValid(HttpRequest request, IFormCollection form)
    {
        var token = options.Value.Twilio.AuthToken;
        var given = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(token) || given.Length == 0)
        {
            return false;
        }

        var pairs = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")));
        var expected = Compute(token, SignedUrl(request), pairs);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
    }

    /// <summary>The URL as Twilio saw it: behind the reverse proxy the app sees http://127.0.0.1:port, Twilio signed https://public-host.</summary>
    public string SignedUrl(HttpRequest request)
    {
        var pathAndQuery = $"{request.PathBase}{request.Path}{request.QueryString}";
        if (options.Value.Twilio.WebhookBaseUrl is { } configured)
        {
            return configured.GetLeftPart(UriPartial.Path).TrimEnd('/') + pathAndQuery;
        }

        var scheme = FirstValue(request.Headers["X-Forwarded-Proto"]) ?? request.Scheme;
        var host = FirstValue(request.Headers["X-Forwarded-Host"]) ?? request.Host.Value;
        return $"{scheme}://{host}{pathAndQuery}";
    }

    private static string? FirstValue(string? header) =>
        string.IsNullOrWhiteSpace(header) ? null : header.Split(',')[0].Trim();
}
