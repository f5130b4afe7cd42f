using System.Net;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;

namespace Contestlet.Web.Infrastructure.Sms;

/// <summary>
/// Sends through the official Twilio SDK (Create Message), on the app's own <see cref="System.Net.Http.HttpClient"/> from
/// IHttpClientFactory (<see cref="HttpClientName"/>): its handlers give the timeout and point the SDK at
/// Sms:Twilio:ApiBaseUrl (<see cref="SmsRegistration"/>). One call is one HTTP POST: nothing here or below retries, so a
/// POST Twilio may already have accepted is never sent twice behind the outbox's back (docs/decisions/016-…).
/// </summary>
public sealed class TwilioSmsSender(IHttpClientFactory httpClients, IOptions<SmsOptions> options, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    public const string HttpClientName = "twilio";

    private readonly TwilioSettings _settings = options.Value.Twilio;

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        // A client per send: the SDK keeps the last response on its HTTP client, which is then ours alone to read.
        var transport = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName));
        var client = new TwilioRestClient(_settings.AccountSid, _settings.AuthToken, httpClient: transport);
        var create = new CreateMessageOptions(new Twilio.Types.PhoneNumber(message.To.E164))
        {
            From = new Twilio.Types.PhoneNumber(_settings.FromNumber ?? ""),
            Body = message.Body,
            StatusCallback = StatusCallbackFor(message),
        };

        try
        {
            // The SDK takes no CancellationToken; the send is bounded by the resilience handler's timeout instead.
            var accepted = await MessageResource.CreateAsync(create, client);
            var status = accepted.Status?.ToString();
            logger.LogInformation("Twilio accepted message {MessageSid} to {Recipient} with status {TwilioStatus}",
                accepted.Sid, message.To.Masked, status);
            return SmsSendResult.Sent(accepted.Sid, status);
        }
        catch (ApiConnectionException ex)
        {
            logger.LogWarning(ex.InnerException ?? ex, "Twilio could not be reached for a message to {Recipient}", message.To.Masked);
            return new SmsSendResult(SmsSendStatus.FailedTransiently, Error: "Twilio could not be reached (network error or timeout).");
        }
        catch (ApiException ex)
        {
            // A body that is not Twilio's JSON (a proxy's 502 page) gives an exception without a status: the response has it.
            var httpStatus = ex.Status > 0 ? (HttpStatusCode)ex.Status : transport.LastResponse?.StatusCode ?? HttpStatusCode.BadGateway;
            if ((int)httpStatus is >= 200 and < 300)
            {
                // Twilio accepted the message but its answer could not be read: sending again would text twice.
                logger.LogWarning(ex, "Twilio accepted a message to {Recipient} with an answer that could not be read", message.To.Masked);
                return SmsSendResult.Sent(null, null);
            }

            var result = TwilioErrors.ToResult(httpStatus, ex.Code > 0 ? ex.Code : null, ex.Code > 0 ? ex.Message : null);
            logger.LogWarning("Twilio refused a message to {Recipient}: HTTP {StatusCode}, error {TwilioErrorCode} ({Outcome})",
                message.To.Masked, (int)httpStatus, result.ErrorCode, result.Status);
            return result;
        }
        catch (TwilioException ex)
        {
            // An answer the SDK could not read (e.g. a 2xx that is not a message): whether Twilio sent it is unknown.
            logger.LogWarning(ex, "Twilio's answer for a message to {Recipient} could not be read", message.To.Masked);
            return new SmsSendResult(SmsSendStatus.FailedTransiently, Error: "Twilio's answer could not be read; the outcome is unknown.");
        }
    }

    private Uri? StatusCallbackFor(SmsMessage message)
    {
        if (_settings.StatusCallbackUrl is not { } callback || message.NotificationId is not { } id)
        {
            return _settings.StatusCallbackUrl;
        }

        // The SDK sends the URL as written (OriginalString), and Twilio signs the callback with exactly that URL.
        var separator = callback.Query.Length == 0 ? "?" : "&";
        return new Uri($"{callback.AbsoluteUri}{separator}{NotificationQueryKey}={id.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>The status callback's query parameter naming the outbox row (see <see cref="TwilioSettings.StatusCallbackUrl"/>).</summary>
    public const string NotificationQueryKey = "notification";
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
