using System.Text.RegularExpressions;
using Contestlet.E2E.Infrastructure;
using Contestlet.E2E.Pages;
using Microsoft.Playwright;

namespace Contestlet.E2E.Journeys;

/// <summary>docs/product.md §2 sign-in, reading codes from the dev SMS outbox as a developer would.</summary>
[Collection(AppCollection.Name)]
[Trait(E2ETraits.Runs, E2ETraits.Development)]
public sealed partial class SignInJourneys(AppFixture fixture)
{
    [Fact]
    public async Task SignsInAsAContestantAndOut()
    {
        Assert.True(fixture.App.IsLocal, "This journey reads codes from the dev outbox, which exists only in Development.");
        var page = await fixture.NewPageAsync();
        var signIn = new SignInPages(page);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/signin**");
        await AppFixture.ScreenshotAsync(page, "signin-phone");

        await signIn.SubmitPhoneAsync("(818) 555-0161");
        await page.WaitForURLAsync("**/signin/code**");
        await Assertions.Expect(page.GetByTestId("masked-phone")).ToHaveTextAsync("+1•••••0161");
        await Assertions.Expect(signIn.AttemptsLeft).ToHaveTextAsync("You have 5 tries left.");
        await AppFixture.ScreenshotAsync(page, "signin-code-phone");
        await signIn.EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync("+18185550161"));

        await page.WaitForURLAsync(fixture.App.BaseUrl.ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "My entries" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);

        await signIn.SignOutButton.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignsInAsAnAdminAndLandsInTheConsole()
    {
        Assert.True(fixture.App.IsLocal, "This journey reads codes from the dev outbox, which exists only in Development.");
        var page = await fixture.NewPageAsync(phone: false);
        var signIn = new SignInPages(page);

        await page.GotoAsync("/admin");
        await page.WaitForURLAsync("**/signin?returnUrl=%2Fadmin");
        await signIn.SubmitPhoneAsync("818.795.8204");
        await page.WaitForURLAsync("**/signin/code?returnUrl=%2Fadmin");
        await signIn.EnterCodeAsync(await new DevOutbox(page.Context).LatestCodeForAsync("+18187958204"));

        await page.WaitForURLAsync("**/admin");
        await Assertions.Expect(page.Locator("#admin-interactive")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await AppFixture.ScreenshotAsync(page, "admin-signed-in-desktop");
    }

    [Fact]
    public async Task KillsTheCodeAfterFiveWrongTries()
    {
        Assert.True(fixture.App.IsLocal, "This journey reads codes from the dev outbox, which exists only in Development.");
        var page = await fixture.NewPageAsync();
        var signIn = new SignInPages(page);
        await signIn.OpenAsync();
        await signIn.SubmitPhoneAsync("(818) 555-0162");
        await page.WaitForURLAsync("**/signin/code**");
        var code = await new DevOutbox(page.Context).LatestCodeForAsync("+18185550162");
        var wrong = new string(code.Select(c => c == '9' ? '0' : (char)(c + 1)).ToArray());

        for (var left = 4; left >= 1; left--)
        {
            await signIn.EnterCodeAsync(wrong);
            await Assertions.Expect(signIn.Refusal).ToHaveTextAsync(left == 1 ? "That code isn't right. You have 1 try left." : $"That code isn't right. You have {left} tries left.");
        }

        await signIn.EnterCodeAsync(wrong);

        await Assertions.Expect(signIn.Refusal).ToContainTextAsync("that was the last of 5 tries: this code no longer works");
        await Assertions.Expect(signIn.CodeBox).ToBeDisabledAsync();
        await Assertions.Expect(signIn.SignInButton).ToBeDisabledAsync();
        await page.ReloadAsync();
        await Assertions.Expect(signIn.Refusal).ToHaveTextAsync("This code no longer works after 5 wrong tries. Ask for a new code below.");
        await AppFixture.ScreenshotAsync(page, "signin-code-dead-phone");
    }

    [Fact]
    public async Task CountsDownTheResendCooldownLive()
    {
        var page = await fixture.NewPageAsync();
        var signIn = new SignInPages(page);
        await signIn.OpenAsync();
        await signIn.SubmitPhoneAsync("(818) 555-0163");
        await page.WaitForURLAsync("**/signin/code**");

        await Assertions.Expect(signIn.ResendButton).ToBeDisabledAsync();
        var first = SecondsLeft(await signIn.Cooldown.TextContentAsync());
        await Assertions.Expect(signIn.Cooldown).Not.ToHaveTextAsync($"You can ask for a new code in {first} s.", new() { Timeout = 5000 });
        var later = SecondsLeft(await signIn.Cooldown.TextContentAsync());
        Assert.InRange(first, 50, 60);
        Assert.True(later < first, $"The countdown went from {first} s to {later} s.");
    }

    [Fact]
    public async Task AnswersAnEarlyResendLikeAnyOtherWhenJavaScriptIsOff()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        var signIn = new SignInPages(page);
        await signIn.OpenAsync();
        await signIn.SubmitPhoneAsync("(818) 555-0164");
        await page.WaitForURLAsync("**/signin/code**");
        await Assertions.Expect(signIn.Cooldown).ToContainTextAsync(CooldownText());

        await signIn.ResendButton.ClickAsync();

        // The same answer every valid number gets (docs/security.md, item 7): the code page with its countdown, no refusal
        // that would tell a stranger this number was just sent a code.
        await page.WaitForURLAsync("**/signin/code**");
        await Assertions.Expect(signIn.Cooldown).ToContainTextAsync(CooldownText());
        await Assertions.Expect(signIn.Refusal).ToHaveCountAsync(0);
        await AppFixture.ScreenshotAsync(page, "signin-cooldown-no-js-phone");
    }

    private static int SecondsLeft(string? text) =>
        CooldownText().Match(text ?? "") is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"No countdown in '{text}'.");

    [GeneratedRegex("You can ask for a new code in (\\d+) s\\.")]
    private static partial Regex CooldownText();
}
