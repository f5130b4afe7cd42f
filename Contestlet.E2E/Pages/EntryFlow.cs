using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

/// <summary>The entry form on a contest page, the code step, and the result page.</summary>
public sealed class EntryFlow(IPage page)
{
    public ILocator Form => page.GetByRole(AriaRole.Region, new() { Name = "Enter this contest" });

    public ILocator Refusal => page.GetByTestId("entry-refusal");

    public ILocator Reference => page.GetByTestId("entry-reference");

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public async Task StartAsync(string phone, bool confirm = true, string? state = null)
    {
        await page.GetByLabel("Mobile number").FillAsync(phone);
        if (state is not null)
        {
            await page.GetByLabel("State you live in").SelectOptionAsync(new SelectOptionValue { Label = state });
        }

        if (confirm)
        {
            await page.GetByRole(AriaRole.Checkbox).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
    }

    public async Task EnterCodeAsync(string code)
    {
        await page.GetByLabel("6-digit code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task EnterSignedInAsync()
    {
        await page.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enter now" }).ClickAsync();
    }

    public ILocator FieldError(string text) => page.Locator(".validation-message", new() { HasText = text });
}
