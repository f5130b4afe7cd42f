using Microsoft.Playwright;

namespace Contestlet.E2E.Infrastructure;

/// <summary>
/// An app of its own for console journeys, with one admin number per journey: sign-in has a per-number cooldown,
/// and journeys must not wait for each other's.
/// </summary>
public abstract class ConsoleAppFixture : IAsyncLifetime
{
    public AppServer App { get; private set; } = null!;
    public BrowserSession Browser { get; private set; } = null!;

    public CspViolations Csp { get; } = new();

    /// <summary>The admin numbers this app knows besides the demo ones.</summary>
    public abstract IReadOnlyList<string> AdminPhones { get; }

    /// <summary>Settings beyond the admin numbers, as environment variables.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        // Interactive pages render after a round trip over the circuit; on a busy CI machine that takes more than the
        // 5 s Playwright allows by default.
        Assertions.SetDefaultExpectTimeout(20_000);
        App = await AppServer.StartAsync(new Dictionary<string, string>(Settings)
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
        Csp.AssertNone();
    }

    /// <summary>A desktop-sized context: the console is used on laptops.</summary>
    public Task<IPage> NewPageAsync() => NewContextPageAsync(new ViewportSize { Width = 1400, Height = 1000 });

    /// <summary>A phone-sized context of its own (own cookies): a contestant.</summary>
    public Task<IPage> NewPhonePageAsync() => NewContextPageAsync(new ViewportSize { Width = 390, Height = 844 });

    private async Task<IPage> NewContextPageAsync(ViewportSize viewport)
    {
        var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = viewport,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        await Csp.WatchAsync(context);
        return await context.NewPageAsync();
    }
}

public sealed class AdminAppFixture : ConsoleAppFixture
{
    // Phones[4] is TextToWinJourneys' admin; the last one is ConsoleToPublicSiteJourneys'.
    public static readonly string[] Phones = ["+15551230001", "+15551230002", "+15551230003", "+15551230004", "+15551230005", "+15551230009"];

    public override IReadOnlyList<string> AdminPhones => Phones;
}

[CollectionDefinition(Name)]
public sealed class AdminAppCollection : ICollectionFixture<AdminAppFixture>
{
    public const string Name = "admin-app";
}

/// <summary>
/// An app whose clock the journeys move forward (<c>/dev/clock</c>) to end contests and let claim deadlines pass, with
/// the forfeiture job and the outbox worker polling every second or two instead of every minute.
/// </summary>
public sealed class ClockAppFixture : ConsoleAppFixture
{
    public static readonly string[] Phones = ["+15551240001"];

    public override IReadOnlyList<string> AdminPhones => Phones;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Dev__ClockControl"] = "true",
        ["Winners__ForfeitureCheckInterval"] = "00:00:02",
        ["Outbox__PollIntervalSeconds"] = "1",

        // Every journey browser enters from 127.0.0.1: entries seconds apart are the test, not a machine-speed burst.
        ["Fraud__BurstEntries"] = "1000",
    };
}

[CollectionDefinition(Name)]
public sealed class ClockAppCollection : ICollectionFixture<ClockAppFixture>
{
    public const string Name = "clock-app";
}
