using Contestlet.Domain.Draws;
using Contestlet.Web.Infrastructure.Secrets;

namespace Contestlet.Bench.Admin;

/// <summary>The bench's SECRET_KEY and the seed vault it gives: contests the bench publishes are drawn by the app's services.</summary>
public static class BenchSeeds
{
    public const string SecretKey = "benchmark-secret-key-not-for-any-deployment";

    public static IDrawSeedVault Vault { get; } = new DrawSeedVault(new SecretKeyring(SecretKey, null));
}
