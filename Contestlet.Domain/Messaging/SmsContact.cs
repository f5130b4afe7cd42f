namespace Contestlet.Domain.Messaging;

/// <summary>
/// A number Contestlet has texted at least once. Its absence means the next text is the first, which carries
/// <see cref="FirstContactNotice"/> (CTIA: program name, HELP, STOP and the rates notice on the first message).
/// </summary>
public sealed class SmsContact
{
    public const string FirstContactNotice = "Reply HELP for help, STOP to opt out. Msg & data rates may apply.";

    public string PhoneE164 { get; private set; } = null!;
    public DateTimeOffset FirstSentAt { get; private set; }

    private SmsContact()
    {
    }

    public static SmsContact For(string phoneE164, DateTimeOffset now) => new() { PhoneE164 = phoneE164, FirstSentAt = now };

    /// <summary>The first text's body with the notice after it, unless it already says so.</summary>
    public static string WithNotice(string body) =>
        body.Contains(FirstContactNotice, StringComparison.Ordinal) ? body : body.TrimEnd() + " " + FirstContactNotice;
}
