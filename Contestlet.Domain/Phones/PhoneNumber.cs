using PhoneNumbers;
using Lib = PhoneNumbers.PhoneNumberUtil;

namespace Contestlet.Domain.Phones;

/// <summary>A phone number in E.164 form (<c>+18187958204</c>), parsed from any common spelling with libphonenumber.</summary>
public sealed record PhoneNumber
{
    public const int MaxLength = 16;
    public const int InputMaxLength = 32;
    public const string InvalidUsMessage = "That doesn't look like a US mobile number. Try something like (818) 795-8204.";

    private static readonly Lib Util = Lib.GetInstance();

    public string E164 { get; }

    private PhoneNumber(string e164) => E164 = e164;

    /// <summary>"+1•••••8204": the only form a phone number may take in logs and on shared screens.</summary>
    public string Masked => Mask(E164);

    public string LastFour => E164[^4..];

    /// <summary>As people write it in the number's own country: "(213) 555-0100" for a US number.</summary>
    public string National => Util.Format(Util.Parse(E164, null), PhoneNumberFormat.NATIONAL);

    public override string ToString() => Masked;

    /// <summary>Parses user input under <paramref name="policy"/>; the error is a sentence for the person who typed it.</summary>
    public static bool TryParse(string? input, PhoneNumberPolicy policy, out PhoneNumber phone, out string error)
    {
        phone = null!;
        error = policy.InvalidMessage;
        if (string.IsNullOrWhiteSpace(input) || input.Length > InputMaxLength)
        {
            return false;
        }

        PhoneNumbers.PhoneNumber parsed;
        try
        {
            // Numbers without a "+" are read in the first allowed region; "18187958204" works through the national prefix.
            parsed = Util.Parse(input, policy.AllowedRegions[0]);
        }
        catch (NumberParseException)
        {
            return false;
        }

        var region = Util.GetRegionCodeForNumber(parsed);
        var e164 = Util.Format(parsed, PhoneNumberFormat.E164);
        if (policy.IsFictional(parsed) && Util.IsPossibleNumber(parsed))
        {
            phone = new PhoneNumber(e164);
            return true;
        }

        if (!Util.IsValidNumber(parsed) || region is null || !policy.AllowedRegions.Contains(region, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var type = Util.GetNumberType(parsed);
        if (type is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
        {
            return false;
        }

        phone = new PhoneNumber(e164);
        return true;
    }

    /// <summary>Parses a number from trusted configuration (admin list, QA numbers): any valid or possible number.</summary>
    public static PhoneNumber ParseConfigured(string input, string defaultRegion = "US")
    {
        try
        {
            var parsed = Util.Parse(input, defaultRegion);
            if (!Util.IsPossibleNumber(parsed))
            {
                throw new FormatException($"'{Mask(input)}' is not a possible phone number.");
            }

            return new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164));
        }
        catch (NumberParseException ex)
        {
            throw new FormatException($"'{Mask(input)}' is not a phone number: {ex.Message}", ex);
        }
    }

    /// <summary>For values read back from the database, already in E.164.</summary>
    public static PhoneNumber FromE164(string e164) =>
        e164.Length is > 4 and <= MaxLength && e164[0] == '+' && e164.Skip(1).All(char.IsAsciiDigit)
            ? new PhoneNumber(e164)
            : throw new FormatException("Not an E.164 phone number.");

    public static string Mask(string? raw)
    {
        var digits = new string((raw ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 5)
        {
            return "•••";
        }

        var country = digits.Length > 10 ? digits[..(digits.Length - 10)] : "1";
        return $"+{country}•••••{digits[^4..]}";
    }
}

/// <summary>Which numbers sign-in accepts: allowed regions, and whether fictional 555 numbers count (Development).</summary>
public sealed record PhoneNumberPolicy(IReadOnlyList<string> AllowedRegions, bool AllowFictionalNumbers)
{
    public static PhoneNumberPolicy UsOnly { get; } = new(["US"], AllowFictionalNumbers: false);

    public string InvalidMessage => AllowedRegions is ["US"]
        ? PhoneNumber.InvalidUsMessage
        : $"That doesn't look like a mobile number from {string.Join(", ", AllowedRegions)}.";

    /// <summary>North American numbers with a 555 area code or 555 exchange are reserved for fiction and testing.</summary>
    internal bool IsFictional(PhoneNumbers.PhoneNumber parsed)
    {
        if (!AllowFictionalNumbers || parsed.CountryCode != 1)
        {
            return false;
        }

        var national = parsed.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return national.Length == 10 && (national.StartsWith("555", StringComparison.Ordinal) || national[3..6] == "555");
    }
}
