using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Contestlet.Web.Features.Winners;

/// <summary>Encrypts claim tokens at rest with the shared data-protection keys, so "My entries" can link a winner to their claim.</summary>
public sealed class ClaimTokenProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Contestlet.Winners.ClaimToken.v1");

    public string Protect(string token) => _protector.Protect(token);

    /// <summary>Null when the keys no longer open it (rotated away): the winner still has the link in their text.</summary>
    public string? Unprotect(string? protectedToken)
    {
        if (protectedToken is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
