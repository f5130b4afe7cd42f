using System.Diagnostics;
using System.Globalization;
using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>
/// Issue 16 item 4: "an admin console keeps working while one instance is stopped (it reconnects)", in a real browser.
/// Several instances behind nginx (<see cref="Cluster"/>); the console's <c>/_blazor</c> circuit is pinned to one of them
/// by a hash of the sign-in cookie. That instance is stopped; the console rejoins through nginx, which hashes the admin
/// onto a surviving instance, and a console page still opens with its data.
/// </summary>
[Trait(E2ETraits.Runs, E2ETraits.Cluster)]
public sealed class ClusterJourneys
{
    [Fact]
    public async Task ConsoleReconnectsToAnotherInstanceAndKeepsWorkingWhenItsInstanceIsStopped()
    {
        var cluster = Cluster.FromEnvironment();
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var browser = await BrowserSession.LaunchAsync();
        var csp = new CspViolations();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = cluster.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        await csp.WatchAsync(context);
        var page = await context.NewPageAsync();
        var circuits = new CircuitLog(page);

        // Signed in from the public site with the code the fake Twilio received, then into the console by its link.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/signin**");
        var sentBefore = cluster.TextsSent();
        var signIn = new SignInPages(page);
        await signIn.SubmitPhoneAsync(cluster.AdminPhone);
        await page.WaitForURLAsync("**/signin/code**");
        await signIn.EnterCodeAsync(await cluster.CodeSentToAsync(cluster.AdminPhone, sentBefore));
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin");
        var console = new AdminConsole(page);
        await console.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        var answered = circuits.Answered;
        var holder = (answered.Count > 0 ? answered[^1].Instance : null)
            ?? throw new InvalidOperationException("The console's circuit negotiation named no instance (X-Served-By): is the test header in the nginx site?");

        // The instance holding the circuit goes away, as in a deploy or a scale-in (SIGTERM); the page is left as it is, marked
        // so that a reload shows.
        await page.EvaluateAsync("() => { window.contestletBeforeStop = true; }");
        var before = circuits.Answered.Count;
        var rejoining = Stopwatch.StartNew();
        var stopped = await cluster.StopInstanceAsync(holder);
        var stoppedIn = rejoining.Elapsed;
        string? survivor = null;
        var reloaded = false;
        var pressed = new List<string>();
        while (rejoining.Elapsed < TimeSpan.FromSeconds(45))
        {
            try
            {
                // The instance the console rejoins does not know its circuit, so Blazor reloads the page; if it offers a
                // button instead ("Retry", "Resume"), the admin presses it.
                foreach (var button in await page.Locator("#components-reconnect-modal").GetByRole(AriaRole.Button).AllAsync())
                {
                    if (await button.IsVisibleAsync())
                    {
                        pressed.Add(await button.InnerTextAsync());
                        await button.ClickAsync();
                    }
                }

                survivor = circuits.Answered.Skip(before).LastOrDefault(c => c.Instance != holder)?.Instance;
                reloaded = await page.EvaluateAsync<bool>("() => window.contestletBeforeStop !== true");
                if (survivor is not null && reloaded
                    && await page.Locator("#components-reconnect-modal").IsHiddenAsync()
                    && await page.Locator("#admin-interactive[data-interactive=true]").CountAsync() == 1)
                {
                    break;
                }
            }
            catch (PlaywrightException)
            {
                // The page is reloading: its old document is gone; look again.
            }

            await Task.Delay(250);
        }

        Assert.True(survivor is not null && reloaded,
            $"{stopped} ({holder}) was stopped; 45 s later the console had {(reloaded ? "" : "not ")}reloaded and its circuit negotiations were answered by: {circuits}");
        var rejoinedIn = rejoining.Elapsed;

        // Seconds, not the host's 30 s shutdown timeout: a stopping instance refuses new circuits (CircuitsWhileStopping), so
        // the console's first reconnect cannot land on it again and hold its shutdown open.
        Assert.True(rejoinedIn < TimeSpan.FromSeconds(20),
            $"The console took {rejoinedIn.TotalSeconds:0.0} s to rejoin after {stopped} was stopped ({stoppedIn.TotalSeconds:0.0} s to stop).");

        // A console action on the new circuit: Contests, search, open the contest's hub.
        await console.OpenContestAsync(cluster.ContestName);
        Assert.DoesNotContain(circuits.Answered.Skip(before), c => c.Instance == holder);
        csp.AssertNone();
        await cluster.ReportAsync(string.Create(CultureInfo.InvariantCulture,
            $"console circuit on {stopped} ({holder}); {stopped} stopped (SIGTERM) in {stoppedIn.TotalSeconds:0.0} s; the console reloaded {(pressed.Count > 0 ? $"after the admin pressed {string.Join(", ", pressed)}" : "by itself")} and rejoined on {survivor} {rejoinedIn.TotalSeconds:0.0} s after the stop began; the contest's hub opened on the new circuit"));
    }

    /// <summary>The console's circuit negotiations (<c>/_blazor/negotiate</c>) and the instance nginx sent each to.</summary>
    private sealed class CircuitLog
    {
        private readonly List<Negotiation> _answered = [];

        public CircuitLog(IPage page) => page.Response += (_, response) =>
        {
            if (new Uri(response.Url).AbsolutePath == "/_blazor/negotiate" && response.Status == 200
                && response.Headers.TryGetValue("x-served-by", out var servedBy))
            {
                // nginx lists every upstream it tried ("a:1, b:2"); the last one answered.
                lock (_answered)
                {
                    _answered.Add(new Negotiation(servedBy.Split(',').Last().Trim()));
                }
            }
        };

        public IReadOnlyList<Negotiation> Answered
        {
            get
            {
                lock (_answered)
                {
                    return [.. _answered];
                }
            }
        }

        public override string ToString() => string.Join(", ", Answered.Select(n => n.Instance));
    }

    private sealed record Negotiation(string Instance);
}
