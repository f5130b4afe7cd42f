using System.Security.Cryptography;
using System.Text;
using Contestlet.Domain.Phones;

namespace Contestlet.Domain.SignIn;

/// <summary>
/// Codes are kept only as HMAC-SHA256 keyed with the app's secret and bound to the phone number, so a copy of the
/// database reveals no code and a hash for one number is useless for another. See docs/decisions/007-phone-sign-in.md.
/// </summary>
public sealed class SignInCodeHasher
{
    public const int HashLength = 32;

    private readonly byte[] _key;

    public SignInCodeHasher(string secretKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretKey);
        _key = Encoding.UTF8.GetBytes(secretKey);
    }

    public byte[] Hash(PhoneNumber phone, string code) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{phone.E164}:{code}"));

    /// <summary>Constant-time, so response timing says nothing about how many bytes matched.</summary>
    public static bool Matches(byte[] candidate, byte[] stored) =>
        CryptographicOperations.FixedTimeEquals(candidate, stored);
}
