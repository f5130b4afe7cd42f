using Contestlet.Domain.Draws;

namespace Contestlet.Web.Infrastructure.Secrets;

/// <summary>Draw seeds sealed with a key derived from SECRET_KEY (<see cref="SecretKeyring"/>) until the draw.</summary>
public sealed class DrawSeedVault(SecretKeyring keyring) : IDrawSeedVault
{
    internal const string Purpose = "draw-seed";

    public byte[] Seal(byte[] seed) => keyring.Seal(Purpose, seed);

    public byte[] Open(byte[] sealedSeed) => keyring.Open(Purpose, sealedSeed);
}
