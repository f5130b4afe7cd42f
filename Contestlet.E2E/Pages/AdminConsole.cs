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

    /// <summary>Clicks a link in the console's navigation drawer, as a person would (journeys never type an admin URL).</summary>
    public async Task NavigateAsync(string link)
    {
        var target = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = link, Exact = true });
        var href = await target.GetAttributeAsync("href") ?? throw new InvalidOperationException($"The '{link}' link has no href.");
        await target.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == href);
        await WaitInteractiveAsync();
    }

    /// <summary>Clicks a link (or a button rendered as a link) in the page's content and waits for the page it opens.</summary>
    public async Task FollowAsync(string link, string? urlGlob = null)
    {
        var target = page.Locator(".mud-main-content").GetByRole(AriaRole.Link, new() { Name = link, Exact = true });
        await target.ClickAsync();
        if (urlGlob is not null)
        {
            await page.WaitForURLAsync(urlGlob);
        }

        await WaitInteractiveAsync();
    }

    /// <summary>Contests → New contest.</summary>
    public async Task NewContestAsync()
    {
        await NavigateAsync("Contests");
        await FollowAsync("New contest", "**/admin/contests/new");
    }

    /// <summary>Contests → search → the contest's name: its hub.</summary>
    public async Task OpenContestAsync(string contestName)
    {
        var row = await FindInGridAsync(contestName);
        await row.GetByRole(AriaRole.Link, new() { Name = contestName, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(new Uri(url).AbsolutePath, @"^/admin/contests/\d+$"));
        await WaitInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(contestName);
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
        await NavigateAsync("Contests");
        await page.Locator("#contest-search").FillAsync(contestName);
        var row = Row(contestName);
        await Assertions.Expect(row).ToHaveCountAsync(1);
        return row;
    }
}
