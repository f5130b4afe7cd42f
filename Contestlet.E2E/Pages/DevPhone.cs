using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

/// <summary>/dev/sms "text the app": texts Contestlet as any number, and each number's thread.</summary>
public sealed class DevPhone(IPage page)
{
    public async Task TextAsync(string from, string body)
    {
        await page.GotoAsync("/dev/sms");
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Text the app" });
        await form.GetByLabel("From (any number)").FillAsync(from);
        await form.GetByLabel("Message").FillAsync(body);
        await form.GetByRole(AriaRole.Button, new() { Name = "Send text" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("text-sent")).ToBeVisibleAsync();
    }

    public ILocator Thread(string e164) => page.Locator($"[data-testid=thread][data-number='{e164}']");
}
