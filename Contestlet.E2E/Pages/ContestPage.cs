using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

public sealed class ContestPage(IPage page)
{
    public async Task<IResponse?> OpenAsync(string code) => await page.GotoAsync($"/c/{code}");

    public ILocator Title => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Status => page.GetByRole(AriaRole.Status);

    public ILocator StartsAt => page.GetByTestId("starts-at").Locator("time");

    public ILocator EndsAt => page.GetByTestId("ends-at").Locator("time");

    public ILocator TimeZone => page.GetByTestId("time-zone");

    public ILocator OfficialRulesLink => page.GetByRole(AriaRole.Link, new() { Name = "Official rules", Exact = true });
}
