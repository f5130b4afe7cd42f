using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

public sealed class HomePage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/");

    public ILocator OpenContests => page.GetByRole(AriaRole.List, new() { Name = "Open contests" }).GetByRole(AriaRole.Listitem);

    public ILocator UpcomingContests => page.GetByRole(AriaRole.List, new() { Name = "Upcoming contests" }).GetByRole(AriaRole.Listitem);

    public async Task OpenByCodeAsync(string codeOrLink)
    {
        await page.GetByLabel("Have a contest code or link?").FillAsync(codeOrLink);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
    }

    /// <summary>The code of the first contest listed as open now.</summary>
    public async Task<string> FirstOpenContestCodeAsync()
    {
        var href = await OpenContests.First.GetByRole(AriaRole.Link).GetAttributeAsync("href");
        return href!.Split('/').Last();
    }
}
