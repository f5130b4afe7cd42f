namespace Contestlet.Domain.Draws;

/// <summary>
/// Keeps a contest's draw seed secret while it is stored (docs/decisions/017-secrets-at-rest.md): the contest holds only
/// what <see cref="Seal"/> returns, and the draw opens it. The seed's commitment is computed from the seed itself, before
/// sealing, so sealing changes nothing anyone can verify.
/// </summary>
public interface IDrawSeedVault
{
    byte[] Seal(byte[] seed);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The stored value cannot be opened with the configured keys.</exception>
    byte[] Open(byte[] sealedSeed);
}
