using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Infrastructure.Sms;

/// <summary>
/// Twilio's REST API (the Twilio NuGet package is not available): POST /2010-04-01/Accounts/{Sid}/Messages.json,
/// form-encoded, basic auth. Retries and timeouts come from the resilience handler registered with this typed
/// client (<see cref="SmsRegistration"/>); this class turns what is left into a <see cref="SmsSendResult"/>.
/// </summary>
public sealed class TwilioSmsSender(HttpClient http, IOptions<SmsOptions> options, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    private readonly TwilioSettings _settings = options.Value.Twilio;

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", message.To.E164),
            new("From", _settings.FromNumber ?? ""),
            new("Body", message.Body),
        };
        if (_settings.StatusCallbackUrl is { } callback)
        {
            form.Add(new("StatusCallback", callback.ToString()));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUri()) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_settings.AccountSid}:{_settings.AuthToken}")));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                       || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Twilio could not be reached for a message to {Recipient}", message.To.Masked);
            return new SmsSendResult(SmsSendStatus.FailedTransiently, Error: "Twilio could not be reached (network error or timeout).");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var accepted = Parse<TwilioMessage>(body);
                logger.LogInformation("Twilio accepted message {MessageSid} to {Recipient} with status {TwilioStatus}",
                    accepted?.Sid, message.To.Masked, accepted?.Status);
                return SmsSendResult.Sent(accepted?.Sid, accepted?.Status);
            }

            var error = Parse<TwilioError>(body);
            var result = TwilioErrors.ToResult(response.StatusCode, error?.Code, error?.Message);
            logger.LogWarning("Twilio refused a message to {Recipient}: HTTP {StatusCode}, error {TwilioErrorCode} ({Outcome})",
                message.To.Masked, (int)response.StatusCode, error?.Code, result.Status);
            return result;
        }
    }

    private Uri MessagesUri() =>
        new(_settings.BaseUrl, $"2010-04-01/Accounts/{Uri.EscapeDataString(_settings.AccountSid ?? "")}/Messages.json");

    private static T? Parse<T>(string body) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record TwilioMessage([property: JsonPropertyName("sid")] string? Sid, [property: JsonPropertyName("status")] string? Status);

    private sealed record TwilioError(
        [property: JsonPropertyName("code")] int? Code,
        [property: JsonPropertyName("message")] string? Message,
        [property: JsonPropertyName("more_info")] string? MoreInfo,
        [property: JsonPropertyName("status")] int? Status);
}

/// <summary>Twilio's error codes as sentences an admin can act on, and whether sending again could help.</summary>
public static class TwilioErrors
{
    public const int InvalidToNumber = 21211;
    public const int OptedOut = 21610;
    public const int NotMobile = 21614;

    /// <summary>Delivery errors that a later attempt may get past; every other 30xxx is about the handset or carrier for good.</summary>
    private static readonly HashSet<int> TransientDeliveryErrors = [30001, 30002, 30003, 30008, 30009];

    public static SmsSendResult ToResult(HttpStatusCode httpStatus, int? code, string? providerMessage)
    {
        var status = (int)httpStatus;
        var (permanent, text) = code switch
        {
            InvalidToNumber => (true, "The number is not a valid phone number (Twilio 21211)."),
            OptedOut => (true, "The recipient has opted out by replying STOP; they must reply START before they can get texts again (Twilio 21610)."),
            NotMobile => (true, "The number is not a mobile number and cannot receive text messages (Twilio 21614)."),
            20003 => (true, "Twilio rejected the account credentials; check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Twilio 20003)."),
            >= 30000 and < 31000 => (!TransientDeliveryErrors.Contains(code.Value),
                $"The carrier could not deliver the message (Twilio {code}: {providerMessage ?? "delivery error"})."),
            _ when status == 429 || status >= 500 => (false, $"Twilio is unavailable right now (HTTP {status}); try again shortly."),
            _ => (true, $"Twilio refused the message (HTTP {status}{(code is null ? "" : $", error {code}")}: {providerMessage ?? "no details"})."),
        };
        return new SmsSendResult(permanent ? SmsSendStatus.FailedPermanently : SmsSendStatus.FailedTransiently, ErrorCode: code, Error: text);
    }
}
