namespace Contestlet.Domain.Contests;

/// <summary>
/// A contest's SMS keyword ("SURF"): 2–20 ASCII letters or digits, case-insensitive, stored upper-case; never one of the
/// words carriers and Twilio give a meaning of their own (docs/product.md §3a).
/// </summary>
public sealed record SmsKeyword
{
    public const int MinLength = 2;
    public const int MaxLength = 20;

    /// <summary>Opt-out, opt-in and help words (CTIA, Twilio's defaults) and the replies our conversations expect.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE",
        "START", "UNSTOP", "YES", "Y", "NO", "N", "OPTIN",
        "HELP", "INFO",
    };

    public string Value { get; }

    private SmsKeyword(string value) => Value = value;

    /// <summary>Parses what an admin typed or a text began with; the error is a sentence for the form field.</summary>
    public static bool TryParse(string? input, out SmsKeyword keyword, out string error)
    {
        keyword = null!;
        var candidate = (input ?? "").Trim().ToUpperInvariant();
        if (candidate.Length is < MinLength or > MaxLength || !candidate.All(char.IsAsciiLetterOrDigit))
        {
            error = $"A keyword is {MinLength} to {MaxLength} letters or digits, with no spaces (like SURF or WIN2).";
            return false;
        }

        if (Reserved.Contains(candidate))
        {
            error = $"{candidate} is a reserved SMS word (STOP, START, HELP, INFO, YES, NO and the like); choose another keyword.";
            return false;
        }

        error = "";
        keyword = new SmsKeyword(candidate);
        return true;
    }

    /// <summary>The first word of an inbound text, normalised, when it could be a keyword.</summary>
    public static string FirstWord(string? body)
    {
        var text = (body ?? "").Trim();
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && !char.IsPunctuation(text[end]))
        {
            end++;
        }

        return text[..end].ToUpperInvariant();
    }

    /// <summary>For values that come back from the database (already normalised).</summary>
    public static SmsKeyword FromTrusted(string value) => new(value);

    public override string ToString() => Value;
}
