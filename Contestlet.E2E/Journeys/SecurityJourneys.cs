using Contestlet.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>Issue 13: what the browser enforces (CSP) and how public pages load from the console.</summary>
[Collection(AppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Anywhere)]
public sealed class SecurityJourneys(AppFixture fixture)
{
    /// <summary>
    /// Proves the journeys' CSP hook itself: a script injected into a real page is refused by the app's policy, and the
    /// refusal fails the journey's next step. Its own watcher, so the shared fixture's stays clean.
    /// </summary>
    [Fact]
    public async Task AnInlineScriptIsRefusedAndFailsTheJourney()
    {
        var violations = new CspViolations();
        var context = await fixture.Browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseUrl.ToString() });
        await violations.WatchAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var failure = await Assert.ThrowsAnyAsync<PlaywrightException>(async () =>
        {
            // The refusal arrives asynchronously: the watcher may close the context while the injection itself is still
            // being evaluated (a fast machine), or only before one of the next steps.
            await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");
            for (var i = 0; i < 50; i++)
            {
                await page.WaitForTimeoutAsync(100);
                await page.TitleAsync();
            }
        });
        Assert.NotNull(failure);
        Assert.Contains(violations.Seen, v => v.Contains("script-src", StringComparison.Ordinal));
    }
}

/// <summary>Issue 13 item 13: a public page opened from the console loads from the server, never inside the console's circuit.</summary>
[Collection(AdminAppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Development)]
public sealed class ConsoleToPublicSiteJourneys(AdminAppFixture fixture)
{
    [Fact]
    public async Task PublicSiteThenAContestLoadsAStaticPage()
    {
        Assert.True(fixture.App.IsLocal, "Signs in with a code from the dev outbox, which exists only in Development.");
        var page = await fixture.NewPageAsync();
        var console = new Pages.AdminConsole(page);
        await console.SignInAsync(AdminAppFixture.Phones[^1]);

        await page.GetByRole(AriaRole.Link, new() { Name = "Public site" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = "Margarita Monday" }).First.ClickAsync();
        await page.WaitForURLAsync("**/c/*");

        // Loaded by the server as a contestant page: its own script and no console stylesheet or circuit.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Margarita Monday");
        await Assertions.Expect(page.Locator("script[src*='contestant']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("link[href*='MudBlazor']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#admin-interactive")).ToHaveCountAsync(0);
        // The entry form is a real form post: it only works when the page came from the server with an HttpContext.
        // (Signed in, the admin is offered the one-click entry.)
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enter now" })).ToBeVisibleAsync();
    }
}
