using System.Globalization;
using System.Text.RegularExpressions;
using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;

namespace Contestlet.E2E.Journeys;

[Collection(AppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Anywhere)]
public sealed class BrowsingJourneys(AppFixture fixture)
{
    [Fact]
    public async Task HomeListsTheActiveContests()
    {
        var page = await fixture.NewPageAsync();
        var home = new HomePage(page);

        await home.OpenAsync();

        Assert.True(await home.OpenContests.CountAsync() >= 1, "Expected at least one open contest on the home page.");
        await Assertions.Expect(home.OpenContests.First).ToContainTextAsync(new Regex("Ends in \\d+"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open now" })).ToBeVisibleAsync();
        await AppFixture.ScreenshotAsync(page, "home-phone");
    }

    [Fact]
    public async Task ContestPageShowsItsTimesInItsOwnZone()
    {
        var page = await fixture.NewPageAsync(phone: false);
        var home = new HomePage(page);
        await home.OpenAsync();
        var code = await home.FirstOpenContestCodeAsync();
        var contest = new ContestPage(page);

        await contest.OpenAsync(code);

        var zoneId = await contest.TimeZone.TextContentAsync();
        var zone = DateTimeZoneProviders.Tzdb[zoneId!];
        foreach (var time in new[] { contest.StartsAt, contest.EndsAt })
        {
            var instant = InstantPattern.ExtendedIso.Parse((await time.GetAttributeAsync("datetime"))!.Replace("+00:00", "Z", StringComparison.Ordinal)).Value;
            var zoned = instant.InZone(zone);
            var expected = zoned.ToString("ddd, MMM d, h:mm tt", CultureInfo.InvariantCulture) + " " + zoned.GetZoneInterval().Name;
            await Assertions.Expect(time).ToHaveTextAsync(expected);
        }

        await Assertions.Expect(contest.Status).ToContainTextAsync("Open now");
        await AppFixture.ScreenshotAsync(page, "contest-desktop");
    }

    [Fact]
    public async Task UnknownContestCodeGivesARealNotFoundPage()
    {
        var page = await fixture.NewPageAsync();

        var response = await new ContestPage(page).OpenAsync("zzzzzzzz");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "We couldn't find that page" })).ToBeVisibleAsync();
        await AppFixture.ScreenshotAsync(page, "not-found-phone");
    }

    [Fact]
    public async Task ContestPageIsUsableWithJavaScriptDisabled()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        var home = new HomePage(page);
        await home.OpenAsync();
        var code = await home.FirstOpenContestCodeAsync();

        // The "open a contest" box is a plain GET form: it works without any script.
        await home.OpenByCodeAsync($"  {code.ToUpperInvariant()} ");

        await page.WaitForURLAsync($"**/c/{code}");
        var contest = new ContestPage(page);
        await Assertions.Expect(contest.Title).ToBeVisibleAsync();
        await Assertions.Expect(contest.EndsAt).ToHaveTextAsync(new Regex("^\\w{3}, \\w{3} \\d{1,2}, \\d{1,2}:\\d{2} (AM|PM) \\S+$"));
        await Assertions.Expect(contest.OfficialRulesLink).ToBeVisibleAsync();
        await AppFixture.ScreenshotAsync(page, "contest-no-js-phone");
    }
}
