using System.Globalization;
using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>docs/product.md §4 contest management in the interactive console, signed in through the dev SMS outbox.</summary>
[Collection(AdminAppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Development)]
public sealed class AdminContestJourneys(AdminAppFixture fixture)
{
    private const string LocalFormat = "yyyy-MM-ddTHH:mm";

    private async Task<AdminConsole> SignedInAsync(int admin)
    {
        Assert.True(fixture.App.IsLocal, "The admin journeys read sign-in codes from the dev outbox, which exists only in Development.");
        var console = new AdminConsole(await fixture.NewPageAsync());
        await console.SignInAsync(AdminAppFixture.Phones[admin]);
        return console;
    }

    private static string InZone(DateTimeOffset instant, string zone) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString(LocalFormat, CultureInfo.InvariantCulture);

    private static async Task FillBasicsAsync(AdminConsole console, string name)
    {
        await console.FillAsync("Name", name);
        await console.FillAsync("Sponsor name", "Bondi Surf Co.");
        await console.FillAsync("Prize description", "Season surf pass");
    }

    [Fact]
    public async Task CreatesAndPublishesContestInSydneyAndThePublicPageShowsSydneyTimes()
    {
        var console = await SignedInAsync(0);
        var page = console.Page;
        await console.NewContestAsync();
        await FillBasicsAsync(console, "Bondi Summer Sessions");
        await console.ChooseTimeZoneAsync("Sydney", "Australia/Sydney");
        var nextYear = DateTimeOffset.UtcNow.Year + 1;
        await console.SetScheduleAsync($"{nextYear}-01-09T19:00", $"{nextYear}-01-16T21:30");

        var preview = page.GetByTestId("preview-end");
        await Assertions.Expect(preview).ToContainTextAsync("9:30 PM AEDT");
        await Assertions.Expect(preview).ToContainTextAsync("10:30 AM UTC");

        await console.ClickAsync("Save draft");
        await page.WaitForURLAsync("**/admin/contests/*/edit");
        await console.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Draft");
        await console.ClickAsync("Publish");
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Upcoming");

        var publicPage = await page.Context.NewPageAsync();
        await publicPage.GotoAsync(await page.GetByRole(AriaRole.Link, new() { Name = "Public page" }).GetAttributeAsync("href") ?? "");
        var day = new DateTime(nextYear, 1, 9).ToString("ddd", CultureInfo.InvariantCulture);
        var endDay = new DateTime(nextYear, 1, 16).ToString("ddd", CultureInfo.InvariantCulture);
        await Assertions.Expect(publicPage.GetByTestId("starts-at")).ToHaveTextAsync($"{day}, Jan 9, 7:00 PM AEDT");
        await Assertions.Expect(publicPage.GetByTestId("ends-at")).ToHaveTextAsync($"{endDay}, Jan 16, 9:30 PM AEDT");
        await AppFixture.ScreenshotAsync(publicPage, "admin-published-sydney-public");
    }

    [Fact]
    public async Task RefusesDeletingRunningContestWithEntriesThenCancelsDeletesAndRestoresIt()
    {
        var console = await SignedInAsync(1);
        var page = console.Page;
        const string name = "Radio Hour Giveaway";
        var now = DateTimeOffset.UtcNow;
        await console.NewContestAsync();
        await FillBasicsAsync(console, name);
        await console.SetScheduleAsync(InZone(now.AddHours(-2), "America/New_York"), InZone(now.AddDays(3), "America/New_York"));
        await console.ClickAsync("Save draft");
        await page.WaitForURLAsync("**/admin/contests/*/edit");
        await console.WaitInteractiveAsync();
        await console.ClickAsync("Publish");
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Active");
        var contestUrl = await page.GetByRole(AriaRole.Link, new() { Name = "Public page" }).GetAttributeAsync("href");

        // A contestant enters it from their own phone.
        var contestantContext = await fixture.Browser.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseUrl.ToString() });
        var contestant = await contestantContext.NewPageAsync();
        await contestant.GotoAsync(contestUrl!);
        var entry = new EntryFlow(contestant);
        await entry.StartAsync("(818) 555-0177");
        await entry.EnterCodeAsync(await new DevOutbox(contestant.Context).LatestCodeForAsync("+18185550177"));
        await contestant.WaitForURLAsync("**/entered");

        // The contest's hub, opened from the grid: the running contest's numbers and its chart.
        await console.OpenContestAsync(name);
        await Assertions.Expect(page.GetByTestId("hub-entries")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("hub-people")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("hub-by-source")).ToContainTextAsync("Web: 1");
        await Assertions.Expect(page.GetByTestId("hub-chart")).ToBeVisibleAsync();
        await page.GetByTestId("hub-chart").GetByText("The numbers").ClickAsync();
        await Assertions.Expect(page.GetByTestId("chart-point")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("chart-point").Locator("td").Nth(1)).ToHaveTextAsync("1");
        await AppFixture.ScreenshotAsync(page, "admin-contest-hub-running");

        var row = await console.FindInGridAsync(name);
        await Assertions.Expect(row.GetByTestId("row-entries")).ToHaveTextAsync("1");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).ClickAsync();
        await console.Dialog.GetByLabel("Type the contest's name to confirm").FillAsync(name);
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(console.Snackbar("Cancel it first")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("row-entries")).ToHaveTextAsync("1");
        await Assertions.Expect(row.GetByTestId("status-chip")).ToHaveTextAsync("Active");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Cancel {name}" }).ClickAsync();
        await console.Dialog.GetByLabel("Reason (kept in the audit log)").FillAsync("Station off air");
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel contest" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("status-chip")).ToHaveTextAsync("Cancelled");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).ClickAsync();
        await console.Dialog.GetByLabel("Type the contest's name to confirm").FillAsync(name);
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(console.Snackbar("moved to the trash")).ToBeVisibleAsync();
        await Assertions.Expect(console.Row(name)).ToHaveCountAsync(0);
        Assert.Equal(404, (await contestant.GotoAsync(contestUrl!))!.Status);

        await console.NavigateAsync("Trash");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Restore {name}" }).ClickAsync();
        await Assertions.Expect(console.Snackbar("is restored")).ToBeVisibleAsync();
        row = await console.FindInGridAsync(name);
        await Assertions.Expect(row.GetByTestId("row-entries")).ToHaveTextAsync("1");
        await Assertions.Expect(row.GetByTestId("status-chip")).ToHaveTextAsync("Cancelled");

        await console.NavigateAsync("Audit log");
        var actions = page.GetByTestId("audit-action");
        await Assertions.Expect(actions.First).ToHaveTextAsync("Restored");
        Assert.Equal(["Restored", "Deleted", "Cancelled", "Published", "Created"], (await actions.AllTextContentsAsync()).Take(5));
    }

    [Fact]
    public async Task ImportsOneSheetAfterFixingTheErrorItReportsByLine()
    {
        var console = await SignedInAsync(2);
        var page = console.Page;
        const string broken = """
            {
              "name": "Grand Opening: Sunrise Books",
              "sponsor": "Sunrise Books",
              "duration_days": 10,
              "reward_logic": {
                "winner_reward": { "value_usd": 250 },
                "consolation_offer": "10% off one book"
              },
              "store_number": 42
            }
            """;
        await console.NavigateAsync("Import");
        await page.Locator("#onesheet-json").FillAsync(broken);
        await console.ClickAsync("Preview");
        await Assertions.Expect(page.GetByTestId("import-error")).ToHaveTextAsync(
            "Line 6, column 5: \"description\" is missing from \"reward_logic.winner_reward\".");
        await Assertions.Expect(page.GetByTestId("import-preview")).ToHaveCountAsync(0);

        await page.Locator("#onesheet-json").FillAsync(broken.Replace("{ \"value_usd\": 250 }", "{ \"description\": \"$250 gift card\", \"value_usd\": 250 }", StringComparison.Ordinal));
        await console.ClickAsync("Preview");
        await Assertions.Expect(page.GetByTestId("preview-prize")).ToContainTextAsync("$250 gift card ($250.00)");
        await Assertions.Expect(page.GetByTestId("import-extras")).ToContainTextAsync("\"store_number\": 42");
        await console.ClickAsync("Create draft contest");

        await page.WaitForURLAsync("**/admin/contests/*/edit");
        await console.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Grand Opening: Sunrise Books");
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Draft");
        await Assertions.Expect(page.GetByLabel("Non-winner", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("10% off one book"));
    }
}
