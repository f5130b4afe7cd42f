using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>docs/product.md §3 entering, against the app with its demo contests and the dev SMS outbox.</summary>
[Collection(AppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Development)]
public sealed class EntryJourneys(AppFixture fixture)
{
    private async Task<(IPage Page, string Code)> OpenContestAsync(string name, bool javaScript = true)
    {
        var page = await fixture.NewPageAsync(javaScript);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = name }).First.ClickAsync();
        await page.WaitForURLAsync("**/c/*");
        return (page, page.Url.Split('/').Last());
    }

    [Fact]
    public async Task EntersAContestEndToEndWithTheCodeFromTheDevOutbox()
    {
        Assert.True(fixture.App.IsLocal, "This journey reads codes from the dev outbox, which exists only in Development.");
        var (page, code) = await OpenContestAsync("Margarita Monday");
        var entry = new EntryFlow(page);

        await entry.StartAsync("(818) 555-0141");
        await page.WaitForURLAsync("**/signin/code**");
        await entry.EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync("+18185550141"));

        await page.WaitForURLAsync($"**/c/{code}/entered");
        await Assertions.Expect(entry.Heading).ToHaveTextAsync("You're in!");
        await Assertions.Expect(entry.Reference).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^E-[A-Z0-9]{8}$"));
        await Assertions.Expect(page.GetByTestId("draw-time")).ToContainTextAsync("PST");
        await Assertions.Expect(page.GetByLabel("Share this contest")).ToHaveValueAsync($"{fixture.App.BaseUrl}c/{code}");
        await AppFixture.ScreenshotAsync(page, "entry-success-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "My entries" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Margarita Monday at Casa Azul" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("outcome").First).ToContainTextAsync("Pending");
        await AppFixture.ScreenshotAsync(page, "my-entries-phone");
    }

    [Fact]
    public async Task SecondEntryBySignedInContestantGetsAFriendlyAlreadyEnteredPage()
    {
        var (page, code) = await OpenContestAsync("Margarita Monday");
        var entry = new EntryFlow(page);
        await entry.StartAsync("(818) 555-0142");
        await entry.EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync("+18185550142"));
        await page.WaitForURLAsync($"**/c/{code}/entered");
        var reference = await entry.Reference.TextContentAsync();

        // Back on the contest page the signed-in contestant sees the entry, not the form.
        await page.GotoAsync($"/c/{code}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You're entered" })).ToBeVisibleAsync();
        await Assertions.Expect(entry.Form).ToHaveCountAsync(0);
        await AppFixture.ScreenshotAsync(page, "contest-entered-phone");

        // Entering again from another tab that still shows the form: a friendly page with the same reference.
        await page.GotoAsync($"/c/{code}/entered?already=1");
        await Assertions.Expect(entry.Heading).ToHaveTextAsync("You're already entered");
        await Assertions.Expect(entry.Reference).ToHaveTextAsync(reference!);
        await AppFixture.ScreenshotAsync(page, "entry-already-entered-phone");
    }

    [Fact]
    public async Task EndedContestTakesNoEntries()
    {
        var page = await fixture.NewPageAsync();
        var code = await FindContestCodeAsync(page, "Summer Surf Pass");

        await page.GotoAsync($"/c/{code}");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Entries closed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send code" })).ToHaveCountAsync(0);
        await AppFixture.ScreenshotAsync(page, "contest-ended-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "official rules" }).First.ClickAsync();
        await page.WaitForURLAsync($"**/c/{code}/rules");
        await AppFixture.ScreenshotAsync(page, "contest-rules-phone");
    }

    [Fact]
    public async Task StateOutsideTheContestsStatesIsRefusedBesideTheField()
    {
        var (page, _) = await OpenContestAsync("KZTR Morning Drive");
        var entry = new EntryFlow(page);

        await entry.StartAsync("(818) 555-0143", state: "California");

        await Assertions.Expect(entry.FieldError("only open to residents of New York, New Jersey, Connecticut")).ToBeVisibleAsync();
        Assert.DoesNotContain("/signin/code", page.Url, StringComparison.Ordinal);
        await AppFixture.ScreenshotAsync(page, "entry-state-refused-phone");
    }

    [Fact]
    public async Task MissingConfirmationAndBadNumberAreExplainedBesideTheirFields()
    {
        var (page, _) = await OpenContestAsync("Margarita Monday");
        var entry = new EntryFlow(page);

        await entry.StartAsync("555-12", confirm: false);
        await AppFixture.ScreenshotAsync(page, "entry-field-errors-phone");

        await Assertions.Expect(entry.FieldError("doesn't look like a US mobile number")).ToBeVisibleAsync();
        await Assertions.Expect(entry.FieldError("confirm you are 18 or older")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FullContestSaysItsEntryLimitIsReached()
    {
        var (page, _) = await OpenContestAsync("Sneaker Drop");
        var entry = new EntryFlow(page);

        await entry.StartAsync("(818) 555-0144");

        await Assertions.Expect(entry.Refusal).ToHaveTextAsync("Sorry, this contest has reached its entry limit.");
        await AppFixture.ScreenshotAsync(page, "entry-full-phone");
    }

    [Fact]
    public async Task TheWholeEntryFlowWorksWithJavaScriptDisabled()
    {
        var (page, code) = await OpenContestAsync("KZTR Morning Drive", javaScript: false);
        var entry = new EntryFlow(page);

        await entry.StartAsync("(818) 555-0145", state: "New Jersey");
        await page.WaitForURLAsync("**/signin/code**");
        await entry.EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync("+18185550145"));

        await page.WaitForURLAsync($"**/c/{code}/entered");
        await Assertions.Expect(entry.Heading).ToHaveTextAsync("You're in!");
        await AppFixture.ScreenshotAsync(page, "entry-success-no-js-phone");
    }

    private static async Task<string> FindContestCodeAsync(IPage page, string name)
    {
        await page.GotoAsync("/");
        var href = await page.GetByRole(AriaRole.List, new() { Name = "Recently ended contests" })
            .GetByRole(AriaRole.Link).Filter(new() { HasText = name }).GetAttributeAsync("href");
        return href!.Split('/').Last();
    }
}
