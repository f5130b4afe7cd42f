using System.Runtime.CompilerServices;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Contestlet.E2E.Infrastructure;

/// <summary>
/// Runs axe (Deque's engine) on the page a journey is looking at and fails on any serious or critical violation. Called from
/// <see cref="AppFixture.ScreenshotAsync"/>: every page a journey records is also checked, contestant pages and console alike.
/// </summary>
public static class Accessibility
{
    private static readonly string[] Blocking = ["serious", "critical"];
    private static readonly ConditionalWeakTable<IBrowserContext, object> NoJavaScript = [];

    /// <summary>
    /// axe is a script: on a page opened with JavaScript off it cannot run. Such a page is checked as the same URL opened with
    /// the same cookies and viewport in a context that runs scripts (the server renders the same HTML either way).
    /// </summary>
    public static void WithoutJavaScript(IBrowserContext context) => NoJavaScript.AddOrUpdate(context, new object());

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string name)
    {
        if (!NoJavaScript.TryGetValue(page.Context, out _))
        {
            await CheckAsync(page, name);
            return;
        }

        var browser = page.Context.Browser ?? throw new InvalidOperationException("The page has no browser.");
        await using var twin = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = page.ViewportSize is { } size ? new ViewportSize { Width = size.Width, Height = size.Height } : null, Locale = "en-US" });
        await twin.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            Expires = c.Expires,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = c.SameSite,
        }));
        var twinPage = await twin.NewPageAsync();
        await twinPage.GotoAsync(page.Url);
        await CheckAsync(twinPage, name + " (checked with scripts on)");
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        // Snackbars fade in, stay a few seconds and fade out; mid-fade they are a blend of their colours and the page's, which
        // axe would measure. Wait for them to go (their steady colours are AdminTheme's), then for other finite animations.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await page.EvaluateAsync("""
            () => Promise.race([
                Promise.all(document.getAnimations()
                    .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
                    .map(a => a.finished.catch(() => null))),
                new Promise(resolve => setTimeout(resolve, 3000)),
            ])
            """);

        var result = await page.RunAxe();
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, $"axe found serious or critical accessibility violations on '{name}' ({page.Url}):\n" +
            string.Join("\n", blocking.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}\n" +
                string.Join("\n", v.Nodes.Take(5).Select(n => $"    {string.Join(" ", n.Target)}: {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}")))));
    }
}
