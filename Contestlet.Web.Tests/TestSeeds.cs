using Contestlet.Domain.Draws;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Secrets;

namespace Contestlet.Web.Tests;

/// <summary>
/// The draw-seed vault of an app running with the development SECRET_KEY (every test app unless a test sets another):
/// contests a test publishes itself can be drawn by the app, and domain tests seal seeds as the app does.
/// </summary>
public static class TestSeeds
{
    public static IDrawSeedVault Vault { get; } = new DrawSeedVault(new SecretKeyring(SecurityOptions.DevelopmentSecretKey, null));
}
