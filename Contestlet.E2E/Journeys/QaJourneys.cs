using System.Text.RegularExpressions;
using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>
/// What QA checks after every staging deploy, and what runs locally too: sign in with the QA test number (fixed code, no
/// SMS, configured in Development and Staging), enter an open contest, find it under My entries, sign out. It needs no
/// dev outbox and no demo data, so <c>scripts/run-e2e.sh</c> runs it against staging (docs/product.md §8).
/// </summary>
[Collection(AppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Anywhere)]
public sealed class QaJourneys(AppFixture fixture)
{
    [Fact]
    public async Task EntersAnOpenContestWithTheQaNumberAndFindsItUnderMyEntries()
    {
        var page = await fixture.NewPageAsync();
        var home = new HomePage(page);
        await home.OpenAsync();
        var code = await home.FirstOpenContestCodeAsync();
        var contest = new ContestPage(page);
        await contest.OpenAsync(code);
        var name = (await contest.Title.TextContentAsync())?.Trim() ?? throw new InvalidOperationException("The contest has no title.");

        var entry = new EntryFlow(page);
        await entry.StartAsync(E2ESettings.QaPhone, state: await FirstAllowedStateAsync(page));
        await page.WaitForURLAsync("**/signin/code**");
        await entry.EnterCodeAsync(E2ESettings.QaCode);

        // A staging run after an earlier one finds the QA number already entered: the same flow, the friendly page.
        await page.WaitForURLAsync($"**/c/{code}/entered**");
        await Assertions.Expect(entry.Heading).ToHaveTextAsync(new Regex("^You're (in!|already entered)$"));
        await Assertions.Expect(entry.Reference).ToHaveTextAsync(new Regex("^E-[A-Z0-9]{8}$"));
        var reference = await entry.Reference.TextContentAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "My entries" }).First.ClickAsync();
        var mine = page.GetByRole(AriaRole.Heading, new() { Name = name });
        await Assertions.Expect(mine).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(reference!)).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Region, new() { Name = "My entries" }).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    /// <summary>Contests open to listed states ask for one; any allowed state will do for QA.</summary>
    private static async Task<string?> FirstAllowedStateAsync(IPage page)
    {
        var select = page.GetByLabel("State you live in");
        if (await select.CountAsync() == 0)
        {
            return null;
        }

        var labels = await select.Locator("option").AllTextContentsAsync();
        return labels.Skip(1).FirstOrDefault();
    }
}
