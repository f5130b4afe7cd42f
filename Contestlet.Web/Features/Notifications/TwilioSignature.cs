using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Contestlet.Web.Features.Notifications;

/// <summary>
/// Checks X-Twilio-Signature with the official SDK's <see cref="RequestValidator"/> (which also accepts the URL with and
/// without its default port, as Twilio signs either). Checked on every webhook request before anything is read or changed.
/// </summary>
public sealed class TwilioSignature(IOptions<SmsOptions> options)
{
    public const string Header = "X-Twilio-Signature";

    public bool IsValid(HttpRequest request, IFormCollection form)
    {
        var token = options.Value.Twilio.AuthToken;
        var given = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(token) || given.Length == 0)
        {
            return false;
        }

        // Twilio never repeats a field in its webhooks; a repeated one cannot be checked by key and value, so it is refused.
        if (form.Any(f => f.Value.Count > 1))
        {
            return false;
        }

        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        return new RequestValidator(token).Validate(SignedUrl(request), fields, given);
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
