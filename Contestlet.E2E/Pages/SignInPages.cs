using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

/// <summary>/signin (the number) and /signin/code (the code, resend, tries left).</summary>
public sealed class SignInPages(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Refusal => page.GetByTestId("signin-refusal").Or(page.GetByTestId("code-refusal"));

    public ILocator Cooldown => page.GetByTestId("cooldown");

    public ILocator AttemptsLeft => page.GetByTestId("attempts-left");

    public ILocator CodeBox => page.GetByLabel("6-digit code");

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public ILocator ResendButton => page.GetByRole(AriaRole.Button, new() { Name = "Send a new code" });

    public ILocator SignOutButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });

    public async Task OpenAsync() => await page.GotoAsync("/signin");

    public async Task SubmitPhoneAsync(string phone)
    {
        await page.GetByLabel("Mobile number").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
    }

    public async Task EnterCodeAsync(string code)
    {
        await CodeBox.FillAsync(code);
        await SignInButton.ClickAsync();
    }
}
