using System.Text.RegularExpressions;
using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>
/// docs/product.md §3a end to end: a person texts the demo "Text to Win" keyword from /dev/sms ("text the app", the same handler
/// as a signed webhook), answers the state question, gets the entered reply, signs in and finds the entry (source SMS)
/// under My entries; the admin reaches the contest's entries grid by clicking from /admin and sees it as an SMS entry.
/// </summary>
[Collection(AdminAppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Development)]
public sealed partial class TextToWinJourneys(AdminAppFixture fixture)
{
    private const string Contest = "KZTR Morning Drive: Text to Win";
    private const string Texter = "+15550107788";

    [Fact]
    public async Task EntersByTextingTheKeywordAndTheEntryShowsAsSmsInMyEntriesAndTheAdminGrid()
    {
        Assert.True(fixture.App.IsLocal, "This journey texts the app from /dev/sms, which exists only in Development.");
        var page = await fixture.NewPhonePageAsync();
        var phone = new DevPhone(page);
        var outbox = new DevOutbox(page.Context);

        await phone.TextAsync("(555) 010-7788", "win");
        await outbox.WaitForTextsAsync([Texter], "reply with your 2-letter state");
        await phone.TextAsync("(555) 010-7788", "NY");
        var entered = (await outbox.WaitForTextsAsync([Texter], "You're in!")).Single().Body;
        Assert.Contains(Contest, entered, StringComparison.Ordinal);
        var reference = EntryReference().Match(entered).Value;
        Assert.Matches("^E-[A-Z0-9]{8}$", reference);

        // The thread shows both directions in order.
        await page.GotoAsync("/dev/sms");
        var thread = phone.Thread(Texter);
        await Assertions.Expect(thread.GetByTestId("thread-in").First).ToContainTextAsync("win");
        await Assertions.Expect(thread.GetByTestId("thread-out").First).ToContainTextAsync("reply with your 2-letter state");
        await AppFixture.ScreenshotAsync(page, "text-to-win-thread");

        var signIn = new SignInPages(page);
        await signIn.OpenAsync();
        await signIn.SubmitPhoneAsync(Texter);
        await signIn.EnterCodeAsync(await outbox.LatestCodeForAsync(Texter));
        await page.GotoAsync("/me");
        var mine = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = Contest }) });
        await Assertions.Expect(mine.GetByText(reference)).ToBeVisibleAsync();
        await Assertions.Expect(mine.GetByTestId("entry-source")).ToHaveTextAsync("SMS");

        var console = new AdminConsole(await fixture.NewPageAsync());
        await console.SignInAsync(AdminAppFixture.Phones[4]);
        await console.OpenContestAsync(Contest);
        await Assertions.Expect(console.Page.GetByTestId("hub-keyword")).ToContainTextAsync("Text WIN to");
        await console.FollowAsync("Entries", "**/entries");
        var admin = console.Page;
        await admin.GetByLabel("Last four digits").FillAsync("7788");
        await admin.GetByLabel("Last four digits").PressAsync("Enter");
        var row = admin.Locator("table.mud-table-root tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(reference);
        await Assertions.Expect(row.GetByTestId("entry-source")).ToHaveTextAsync("SMS");
    }

    [GeneratedRegex(@"E-[A-Z0-9]{8}")]
    private static partial Regex EntryReference();
}
