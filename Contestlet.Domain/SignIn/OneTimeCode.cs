using System.Security.Cryptography;

namespace Contestlet.Domain.SignIn;

/// <summary>A 6-digit sign-in code. Generated from a cryptographic source; never stored or logged in clear.</summary>
public static class OneTimeCode
{
    public const int Length = 6;

    public static string Generate() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Accepts what people type or paste ("123 456", "123-456") and yields the 6 digits.</summary>
    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 20)
        {
            return false;
        }

        var digits = new string(input.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (digits.Length != Length || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        code = digits;
        return true;
    }
}
