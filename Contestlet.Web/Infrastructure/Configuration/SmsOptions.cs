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
    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    public string? FromNumber { get; set; }
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");

    /// <summary>Where Twilio posts delivery status; sent with each message when set.</summary>
    public Uri? StatusCallbackUrl { get; set; }

    /// <summary>
    /// The public address Twilio calls the webhooks at (e.g. https://contestlet.example), used to rebuild the URL Twilio
    /// signed. Unset: rebuilt from X-Forwarded-Proto/X-Forwarded-Host or the request itself.
    /// </summary>
    public Uri? WebhookBaseUrl { get; set; }

    /// <summary>Retries after a 5xx, a 429 or a timeout (never after another 4xx), with exponential back-off from <see cref="RetryDelayMilliseconds"/>.</summary>
    public int MaxRetries { get; set; } = 3;

    public int RetryDelayMilliseconds { get; set; } = 500;

    /// <summary>One HTTP attempt; the whole send including retries is bounded by <see cref="TotalTimeoutSeconds"/>.</summary>
    public int AttemptTimeoutSeconds { get; set; } = 10;

    public int TotalTimeoutSeconds { get; set; } = 30;
}

public sealed class LimitedSendingSettings
{
    public bool Enabled { get; set; }
    public List<string> AllowList { get; set; } = [];
    public int DailyCap { get; set; } = 100;
}
