using Microsoft.Playwright;

namespace Contestlet.E2E.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright (the package's own browser download cannot run here).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    public IBrowser Browser { get; }

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(E2ESettings.ChromiumPath))
        {
            throw new FileNotFoundException(
                $"Chromium not found at {E2ESettings.ChromiumPath}. scripts/test.sh installs Debian's chromium; elsewhere set CONTESTLET_CHROMIUM.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = E2ESettings.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        return new BrowserSession(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
