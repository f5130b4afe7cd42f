using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>docs/product.md §4 Messages and Notification log: an announcement to a contest's entrants, followed into the log.</summary>
[Collection(AdminAppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Development)]
public sealed class MessageJourneys(AdminAppFixture fixture)
{
    [Fact]
    public async Task SendsAnAnnouncementToEveryEntrantButTheOptedOutAndFindsItInTheNotificationLog()
    {
        Assert.True(fixture.App.IsLocal, "This journey signs in through the dev outbox and uses the demo contests, which exist only in Development.");
        var console = new AdminConsole(await fixture.NewPageAsync());
        await console.SignInAsync(AdminAppFixture.Phones[3]);
        var page = console.Page;

        await console.NavigateAsync("Messages");
        await page.GetByTestId("message-contest").ClickAsync();
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Summer Surf Pass" }).ClickAsync();

        // The demo surf contest has 25 entrants, one of whom replied STOP; it is not drawn, so non-winners are not known.
        await Assertions.Expect(page.GetByTestId("message-recipients")).ToHaveTextAsync("24 recipients");
        await Assertions.Expect(page.GetByTestId("message-opted-out")).ToHaveTextAsync("1 opted-out number will be skipped.");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Non-winners" })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("message-problem")).ToHaveTextAsync("Write the message.");
        await Assertions.Expect(page.GetByTestId("message-send")).ToBeDisabledAsync();

        await page.Locator("#message-text").FillAsync("Thanks for entering {contest_name}! Winners are texted this week.");
        await Assertions.Expect(page.GetByTestId("message-body")).ToHaveTextAsync("Thanks for entering Summer Surf Pass! Winners are texted this week.");
        await Assertions.Expect(page.GetByTestId("message-segments")).ToContainTextAsync("1 segment");
        await AppFixture.ScreenshotAsync(page, "admin-messages-preview");

        await page.GetByTestId("message-send").ClickAsync();
        await console.Dialog.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message-result")).ToContainTextAsync("24 texts queued; 1 opted-out skipped.");

        await page.GetByRole(AriaRole.Link, new() { Name = "See them in the notification log" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/notifications?contest=*");
        await console.WaitInteractiveAsync();
        var rows = page.Locator("table.mud-table-root tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(24);
        await Assertions.Expect(rows.Filter(new() { HasText = "Announcement" })).ToHaveCountAsync(24);
        await Assertions.Expect(rows.First).ToContainTextAsync("+1•••••");
        await Assertions.Expect(page.GetByText("+15550100007")).ToHaveCountAsync(0);

        // The outbox worker sends them (the mock transport in Development): the log shows them sent.
        var sent = rows.Filter(new() { Has = page.GetByText("Sent", new() { Exact = true }) });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await sent.CountAsync() < 24 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(1_000);
            await page.ReloadAsync();
            await console.WaitInteractiveAsync();
        }

        await Assertions.Expect(sent).ToHaveCountAsync(24);
        await AppFixture.ScreenshotAsync(page, "admin-notification-log-announcement");

        var surfer = await new DevOutbox(page.Context).WaitForTextsAsync(["+15550100001"], "Thanks for entering Summer Surf Pass!");
        Assert.Single(surfer);

        // The dashboard counts them among today's texts.
        await console.NavigateAsync("Dashboard");
        var sentToday = int.Parse(await page.GetByTestId("sms-sent-today").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(sentToday >= 24, $"The dashboard shows {sentToday} SMS sent today; the announcement alone sent 24.");

        // docs/product.md §4 Dashboard: the two weeks' entries and texts as charts, the contests running now with their counts,
        // and what needs attention, each item a click away from where it is handled.
        await Assertions.Expect(page.GetByTestId("entries-chart").Locator("svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sms-chart").Locator("svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("running-contest").Filter(new() { HasText = "Margarita Monday" })).ToHaveCountAsync(1);
        var undrawn = page.GetByTestId("attention-item").Filter(new() { HasText = "Summer Surf Pass ended" });
        await Assertions.Expect(undrawn).ToContainTextAsync("is not drawn yet");
        await AppFixture.ScreenshotAsync(page, "admin-dashboard");

        await undrawn.GetByRole(AriaRole.Link, new() { Name = "Draw winners" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/contests/*/draw");
        await console.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Summer Surf Pass");
    }
}
