using System.Security.Cryptography;

namespace Contestlet.Domain.Contests;

/// <summary>
/// The short public code in a contest's link (<c>/c/{code}</c>): 8 characters from an alphabet without look-alikes
/// (31^8 ≈ 8.5·10^11 codes), drawn from a cryptographic generator so codes cannot be enumerated.
/// </summary>
public sealed record ContestCode
{
    public const int Length = 8;
    public const int MaxLength = 16;
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    public string Value { get; }

    private ContestCode(string value) => Value = value;

    public static ContestCode New() => new(RandomNumberGenerator.GetString(Alphabet, Length));

    /// <summary>Accepts codes typed or pasted in any case, with surrounding spaces.</summary>
    public static bool TryParse(string? input, out ContestCode code)
    {
        code = null!;
        var candidate = input?.Trim().ToLowerInvariant();
        if (candidate is null || candidate.Length is < 4 or > MaxLength || !candidate.All(c => Alphabet.Contains(c)))
        {
            return false;
        }

        code = new ContestCode(candidate);
        return true;
    }

    public override string ToString() => Value;
}
