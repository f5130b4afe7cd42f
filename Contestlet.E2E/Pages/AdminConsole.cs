using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

/// <summary>The admin console: signing in through the dev outbox and the contest pages' intents.</summary>
public sealed class AdminConsole(IPage page)
{
    public IPage Page => page;

    /// <summary>Signs in on /signin with a code read from the dev SMS outbox, then opens the console.</summary>
    public async Task SignInAsync(string e164)
    {
        await page.GotoAsync("/signin?returnUrl=%2Fadmin");
        await page.GetByLabel("Mobile number").FillAsync(e164);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        await page.WaitForURLAsync("**/signin/code**");
        await page.GetByLabel("6-digit code").FillAsync(await new DevOutbox(page.Context).LatestCodeForAsync(e164));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/admin");
        await WaitInteractiveAsync();
    }

    /// <summary>Clicks before the circuit is live are lost: wait for the layout's marker.</summary>
    public Task WaitInteractiveAsync() =>
        Assertions.Expect(page.Locator("#admin-interactive[data-interactive=true]")).ToHaveCountAsync(1);

    public async Task GoToAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync();
    }

    public async Task FillAsync(string label, string value)
    {
        var field = page.GetByLabel(label, new() { Exact = true });
        await field.FillAsync(value);
        await field.BlurAsync();
    }

    public async Task ChooseTimeZoneAsync(string search, string zone)
    {
        var picker = page.GetByLabel("Time zone", new() { Exact = true });
        await picker.ClickAsync();
        await picker.FillAsync(search);
        await page.GetByRole(AriaRole.Option, new() { Name = zone, Exact = true }).ClickAsync();
    }

    public async Task SetScheduleAsync(string startLocal, string endLocal)
    {
        await page.Locator("#contest-start").FillAsync(startLocal);
        await page.Locator("#contest-start").BlurAsync();
        await page.Locator("#contest-end").FillAsync(endLocal);
        await page.Locator("#contest-end").BlurAsync();
    }

    public Task ClickAsync(string button) => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    /// <summary>The snackbar message containing <paramref name="text"/> (earlier ones may still be showing).</summary>
    public ILocator Snackbar(string text) => page.Locator(".mud-snackbar", new() { HasText = text });

    public ILocator Row(string contestName) => page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = contestName, Exact = true }) });

    /// <summary>The contests grid filtered to one contest by searching its name.</summary>
    public async Task<ILocator> FindInGridAsync(string contestName)
    {
        await GoToAsync("/admin/contests");
        await page.Locator("#contest-search").FillAsync(contestName);
        var row = Row(contestName);
        await Assertions.Expect(row).ToHaveCountAsync(1);
        return row;
    }
}
