namespace Contestlet.Web.Infrastructure.Configuration;

/// <summary>How text messages leave the app.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Mock transport: nothing leaves the machine, every message lands in the dev outbox (/dev/sms).</summary>
    public bool UseMock { get; set; }

    public TwilioSettings Twilio { get; set; } = new();

    /// <summary>Staging's limited sending: only these numbers receive real SMS, at most <see cref="DailyCap"/> a day.</summary>
    public LimitedSendingSettings LimitedSending { get; set; } = new();

    /// <summary>QA test numbers (Development and Staging only): they sign in with a fixed code and get no SMS.</summary>
    public List<string> QaTestNumbers { get; set; } = [];

    public string? QaFixedCode { get; set; }

    public string Mode => UseMock ? "mock" : LimitedSending.Enabled ? "twilio-limited" : "twilio";
}

public sealed class TwilioSettings
{
    /// <summary>Twilio's own REST API host; the only base Staging/Production accept unless <see cref="AllowCustomApiBaseUrl"/>.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.twilio.com");

    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    public string? FromNumber { get; set; }

    /// <summary>
    /// Where the SDK's requests go: scheme, host and port replace api.twilio.com's (tests point it at Prism or the local
    /// fake). Staging/Production refuse anything but https on a twilio.com host: every request carries the auth token.
    /// </summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Lets Staging/Production use a non-Twilio or plain-http <see cref="ApiBaseUrl"/> (a sandbox, a mock); off by default.</summary>
    public bool AllowCustomApiBaseUrl { get; set; }

    /// <summary>
    /// Where Twilio posts delivery status; sent with each message when set. Outbox messages add their own id to it
    /// (<c>?notification=ID</c>) so a callback that arrives before the message's provider id is saved still finds its row.
    /// </summary>
    public Uri? StatusCallbackUrl { get; set; }

    /// <summary>
    /// The public address Twilio calls the webhooks at (e.g. https://contestlet.example), used to rebuild the URL Twilio
    /// signed. Unset: rebuilt from X-Forwarded-Proto/X-Forwarded-Host or the request itself.
    /// </summary>
    public Uri? WebhookBaseUrl { get; set; }

    /// <summary>
    /// One send, start to answer. There is no HTTP-level retry (a retried POST may text twice): the outbox retries with
    /// its own back-off and records every attempt, so Outbox:LeaseSeconds must outlast this (checked at start-up).
    /// </summary>
    public int SendTimeoutSeconds { get; set; } = 10;
}

public sealed class LimitedSendingSettings
{
    public bool Enabled { get; set; }
    public List<string> AllowList { get; set; } = [];
    public int DailyCap { get; set; } = 100;
}
