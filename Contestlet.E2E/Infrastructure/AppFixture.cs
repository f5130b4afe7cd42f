using Microsoft.Playwright;

namespace Contestlet.E2E.Infrastructure;

/// <summary>One app and one browser shared by the journeys of a collection; each journey gets its own browser context.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public AppServer App { get; private set; } = null!;
    public BrowserSession Browser { get; private set; } = null!;

    public CspViolations Csp { get; } = new();

    public async Task InitializeAsync()
    {
        App = await AppServer.StartAsync();
        Browser = await BrowserSession.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
        Csp.AssertNone();
    }

    /// <summary>A fresh context (own cookies) on a phone-sized or desktop viewport.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true, bool phone = true)
    {
        var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            JavaScriptEnabled = javaScript,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        await Csp.WatchAsync(context);
        if (!javaScript)
        {
            Accessibility.WithoutJavaScript(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>Records the page, and checks it with axe (<see cref="Accessibility"/>): every page a journey records is checked.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(E2ESettings.ScreenshotDirectory, name + ".png"), FullPage = true });
        await Accessibility.AssertNoSeriousViolationsAsync(page, name);
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
