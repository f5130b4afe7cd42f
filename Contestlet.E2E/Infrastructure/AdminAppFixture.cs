using Microsoft.Playwright;

namespace Contestlet.E2E.Infrastructure;

/// <summary>
/// An app of its own for the admin journeys, with one admin number per journey: sign-in has a per-number cooldown,
/// and journeys must not wait for each other's.
/// </summary>
public sealed class AdminAppFixture : IAsyncLifetime
{
    public static readonly string[] AdminPhones = ["+15551230001", "+15551230002", "+15551230003"];

    public AppServer App { get; private set; } = null!;
    public BrowserSession Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Interactive pages render after a round trip over the circuit; on a busy CI machine that takes more than the
        // 5 s Playwright allows by default.
        Assertions.SetDefaultExpectTimeout(20_000);
        App = await AppServer.StartAsync(new Dictionary<string, string>
        {
            ["ADMIN_PHONES"] = string.Join(',', ["+15551234567", "+18187958204", .. AdminPhones]),
        });
        Browser = await BrowserSession.LaunchAsync();

        // The first request to each page compiles and caches a lot; do it here, not inside a journey's timeout.
        using var http = new HttpClient { BaseAddress = App.BaseUrl, Timeout = TimeSpan.FromSeconds(90) };
        foreach (var path in new[] { "/signin", "/admin", "/" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        }
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }

    /// <summary>A desktop-sized context: the console is used on laptops.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AdminAppCollection : ICollectionFixture<AdminAppFixture>
{
    public const string Name = "admin-app";
}
