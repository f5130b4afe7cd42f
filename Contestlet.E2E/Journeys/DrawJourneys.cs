using System.Globalization;
using System.Text.RegularExpressions;
using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>
/// docs/product.md §4 Entries and Draw and §3 claim, end to end: an entry is disqualified, the contest closes, the admin draws and
/// notifies, winners claim from the link in their text, and an unclaimed prize goes to the next alternate at the deadline.
/// The app's clock is moved forward on /dev/clock instead of waiting for the end and the claim window.
/// </summary>
[Collection(ClockAppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Development)]
public sealed partial class DrawJourneys(ClockAppFixture fixture)
{
    private const string Zone = "America/New_York";
    private static readonly string[] Entrants = ["+15550440001", "+15550440013", "+15550440025"];

    /// <summary>One browser entering with three numbers: the fraud review flags them.</summary>
    private static readonly string[] Farm = ["+15550440104", "+15550440117", "+15550440139"];

    [Fact]
    public async Task EndsDrawsNotifiesAndClaimsThenAnUnclaimedPrizeGoesToTheNextAlternate()
    {
        Assert.True(fixture.App.IsLocal, "This journey moves the dev clock and reads texts from the dev outbox, which exist only in Development.");
        var console = new AdminConsole(await fixture.NewPageAsync());
        await console.SignInAsync(ClockAppFixture.Phones[0]);
        var page = console.Page;
        var clock = new DevClock(page.Context);
        var outbox = new DevOutbox(page.Context);

        // A contest that closes in ten minutes: two winners, one alternate, one hour to claim.
        const string name = "Last Call Giveaway";
        var contestUrl = await CreateContestAsync(console, clock, name);
        foreach (var phone in Entrants)
        {
            await EnterAsync(contestUrl, phone);
        }

        await EnterFromOneBrowserAsync(contestUrl, Farm);

        // Before the draw, the draw page says flagged entries are still in the pool and leads to them, with the reasons.
        await OpenDrawPageAsync(console, name);
        await Assertions.Expect(page.GetByTestId("flagged-in-pool")).ToContainTextAsync("3 flagged entries are still in the draw's pool.");
        await Assertions.Expect(page.GetByText("Winners can be drawn once entries close")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("draw-button")).ToHaveCountAsync(0);
        await console.FollowAsync("Review flagged entries", "**/entries?flagged=true");
        var entries = page.Locator("table.mud-table-root tbody tr");
        await Assertions.Expect(entries).ToHaveCountAsync(3);
        await Assertions.Expect(entries.GetByTestId("entry-signals").First).ToContainTextAsync("One browser entered this contest with 3 different numbers.");
        await AppFixture.ScreenshotAsync(page, "admin-entries-flagged");

        // The admin disqualifies the three with one reason.
        for (var i = 0; i < 3; i++)
        {
            await entries.Nth(i).GetByRole(AriaRole.Checkbox).CheckAsync();
        }

        await page.GetByTestId("bulk-disqualify").ClickAsync();
        await page.GetByTestId("reason-form").GetByLabel("Reason").FillAsync("One browser entering with three numbers");
        await page.GetByTestId("reason-confirm").ClickAsync();
        await Assertions.Expect(entries.Filter(new() { HasText = "Disqualified" })).ToHaveCountAsync(3);
        await Assertions.Expect(entries.First).ToContainTextAsync("One browser entering with three numbers");

        // Everyone else is still eligible.
        await page.GetByLabel("Flagged only").ClickAsync();
        await Assertions.Expect(entries).ToHaveCountAsync(6);
        await Assertions.Expect(entries.Filter(new() { HasText = "Eligible" })).ToHaveCountAsync(3);

        // The export is a form post with the page's antiforgery token (issue 13 item 9): the click downloads the file and
        // the console stays where it was.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("id,reference,phone,", csv, StringComparison.Ordinal);
        Assert.Contains("One browser entering with three numbers", csv, StringComparison.Ordinal);
        Assert.Contains("/entries", page.Url, StringComparison.Ordinal);

        await console.FollowAsync("← Contest", "**/admin/contests/*");
        await console.FollowAsync("Draw and winners", "**/draw");
        await Assertions.Expect(page.GetByText("Winners can be drawn once entries close")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("flagged-in-pool")).ToHaveCountAsync(0);

        // Entries close; one action draws the winners and the ordered alternates.
        await clock.AdvanceAsync(TimeSpan.FromMinutes(11));
        await OpenDrawPageAsync(console, name);
        await page.GetByTestId("draw-button").ClickAsync();
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Draw" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("drawn")).ToContainTextAsync("from 3 eligible entries");
        await Assertions.Expect(Awards(page, "Selected")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("alternates-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("seed")).ToHaveTextAsync(new Regex("^[0-9a-f]{64}$"));
        await AppFixture.ScreenshotAsync(page, "admin-draw-winners-and-alternates");

        // Notify: each winner gets a text with their own claim link and deadline.
        await page.GetByTestId("notify-button").ClickAsync();
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Send texts" }).ClickAsync();
        await Assertions.Expect(Awards(page, "Notified")).ToHaveCountAsync(2);
        var winnerTexts = await outbox.WaitForTextsAsync(Entrants, "/claim/", atLeast: 2);
        Assert.Empty(winnerTexts.Select(t => t.To).Intersect(Farm));
        Assert.Equal(2, winnerTexts.Select(t => t.To).Distinct().Count());
        var (claimer, claimerText) = winnerTexts[0];
        var (sleeper, sleeperText) = winnerTexts[1];
        Assert.StartsWith("You won Dinner for two in Last Call Giveaway! Claim it by ", claimerText);

        // The first winner claims from the link, re-proving the number with a code.
        var claimerPage = await ClaimAsync(ClaimUrl(claimerText), claimer, "Ana Winner");
        await AppFixture.ScreenshotAsync(claimerPage, "claim-claimed-phone");
        await OpenDrawPageAsync(console, name);
        await Assertions.Expect(Awards(page, "Claimed")).ToHaveCountAsync(1);

        // The second lets the hour pass: the prize is forfeited, and the alternate is promoted and texted.
        await clock.AdvanceAsync(TimeSpan.FromMinutes(61));
        var alternate = Entrants.Except([claimer, sleeper]).ToArray();
        var (promoted, promotedText) = (await outbox.WaitForTextsAsync(alternate, "/claim/"))[0];
        await OpenDrawPageAsync(console, name);
        await Assertions.Expect(Awards(page, "Forfeited")).ToHaveCountAsync(1);
        await Assertions.Expect(Awards(page, "Notified")).ToContainTextAsync("alternate #1");
        await AppFixture.ScreenshotAsync(page, "admin-draw-alternate-promoted");

        var late = await fixture.NewPhonePageAsync();
        await late.GotoAsync(ClaimUrl(sleeperText));
        await Assertions.Expect(late.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This prize was forfeited");
        await AppFixture.ScreenshotAsync(late, "claim-forfeited-phone");

        await ClaimAsync(ClaimUrl(promotedText), promoted, "Bo Alternate");
        await OpenDrawPageAsync(console, name);
        await Assertions.Expect(Awards(page, "Claimed")).ToHaveCountAsync(2);

        // The public results page publishes the verification data and the masked winners.
        var results = await fixture.NewPhonePageAsync();
        await results.GotoAsync(contestUrl + "/results");
        await Assertions.Expect(results.GetByTestId("seed")).ToHaveTextAsync(await page.GetByTestId("seed").TextContentAsync() ?? "-");
        await Assertions.Expect(results.GetByTestId("entry-count")).ToHaveTextAsync("3");
        await Assertions.Expect(results.GetByTestId("winner-status")).ToHaveTextAsync(["Claimed", "Claimed"]);
        await Assertions.Expect(results.GetByTestId("alternates")).ToContainTextAsync("promoted to winner");
        await Assertions.Expect(results.GetByTestId("winner").Filter(new() { HasText = "forfeited → replaced" })).ToHaveCountAsync(1);
        Assert.DoesNotContain(claimer, await results.ContentAsync());
        Assert.True(await results.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "The results page fits a phone's width: the long hashes and the verifier command wrap.");
        await AppFixture.ScreenshotAsync(results, "results-phone");

        // Every step is in the audit log, newest first, with who did it: the admin, the winners, the forfeiture job.
        await console.NavigateAsync("Audit log");
        var actions = page.GetByTestId("audit-action");
        await Assertions.Expect(actions.First).ToHaveTextAsync("Prize claimed");
        Assert.Equal(["Prize claimed", "Alternate promoted", "Prize forfeited", "Prize claimed", "Winners notified", "Drawn"],
            (await actions.AllTextContentsAsync()).Take(6));
        await Assertions.Expect(page.GetByTestId("audit-table").GetByText("system (forfeiture job)")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("audit-table").GetByText("contestant", new() { Exact = true })).ToHaveCountAsync(2);
    }

    private static ILocator Awards(IPage page, string status) => page.Locator($"[data-testid=award][data-status={status}]");

    private static async Task OpenDrawPageAsync(AdminConsole console, string name)
    {
        await console.OpenContestAsync(name);
        await console.FollowAsync("Draw and winners", "**/draw");
    }

    private static async Task<string> CreateContestAsync(AdminConsole console, DevClock clock, string name)
    {
        var page = console.Page;
        var now = await clock.NowAsync();
        await console.NewContestAsync();
        await console.FillAsync("Name", name);
        await console.FillAsync("Sponsor name", "Casa Azul Cantina");
        await console.FillAsync("Prize description", "Dinner for two");
        await console.SetScheduleAsync(InZone(now.AddHours(-1)), InZone(now.AddMinutes(10)));
        await console.FillAsync("Number of winners", "2");
        await console.FillAsync("Number of alternates", "1");
        await console.FillAsync("Claim window (hours)", "1");
        await console.ClickAsync("Save draft");
        await page.WaitForURLAsync("**/admin/contests/*/edit");
        await console.WaitInteractiveAsync();
        await console.ClickAsync("Publish");
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Active");
        var url = await page.GetByRole(AriaRole.Link, new() { Name = "Public page" }).GetAttributeAsync("href");
        return url ?? throw new InvalidOperationException("No public page link.");
    }

    private async Task EnterAsync(string contestUrl, string phone)
    {
        var page = await fixture.NewPhonePageAsync();
        await page.GotoAsync(contestUrl);
        var entry = new EntryFlow(page);
        await entry.StartAsync(phone);
        await page.WaitForURLAsync("**/signin/code**");
        await entry.EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync(phone));
        await Assertions.Expect(entry.Heading).ToHaveTextAsync("You're in!");
        await page.Context.CloseAsync();
    }

    /// <summary>One browser enters with each number in turn, signing out in between (the fraud review's "one browser" signal).</summary>
    private async Task EnterFromOneBrowserAsync(string contestUrl, IEnumerable<string> phones)
    {
        var page = await fixture.NewPhonePageAsync();
        foreach (var phone in phones)
        {
            await page.GotoAsync(contestUrl);
            var entry = new EntryFlow(page);
            await entry.StartAsync(phone);
            await page.WaitForURLAsync("**/signin/code**");
            await entry.EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync(phone));
            await Assertions.Expect(entry.Heading).ToHaveTextAsync("You're in!");
            await new SignInPages(page).SignOutButton.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        }

        await page.Context.CloseAsync();
    }

    private async Task<IPage> ClaimAsync(string claimUrl, string phone, string fullName)
    {
        var page = await fixture.NewPhonePageAsync();
        await page.GotoAsync(claimUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You won!");
        await AppFixture.ScreenshotAsync(page, "claim-start-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        await page.WaitForURLAsync("**/signin/code**");
        await new EntryFlow(page).EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync(phone));
        await page.WaitForURLAsync("**/claim/**");
        await Assertions.Expect(page.GetByLabel("Full name")).ToBeVisibleAsync();
        await AppFixture.ScreenshotAsync(page, "claim-form-phone");
        await page.GetByLabel("Full name").FillAsync(fullName);
        await page.GetByLabel("Email").FillAsync("winner@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim my prize" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Prize claimed");
        return page;
    }

    private static string InZone(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string ClaimUrl(string text) => ClaimLink().Match(text) is { Success: true } match
        ? match.Value
        : throw new InvalidOperationException($"No claim link in '{text}'.");

    [GeneratedRegex(@"https?://\S+/claim/\S+")]
    private static partial Regex ClaimLink();
}
