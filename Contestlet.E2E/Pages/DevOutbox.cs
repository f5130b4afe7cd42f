using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

/// <summary>The Development SMS outbox (/dev/sms): where the mock transport leaves every text, codes included.</summary>
public sealed partial class DevOutbox(IBrowserContext context)
{
    /// <summary>The newest code texted to <paramref name="e164"/>, read in a separate tab like a developer would.</summary>
    public async Task<string> LatestCodeForAsync(string e164)
    {
        var tab = await context.NewPageAsync();
        try
        {
            await tab.GotoAsync("/dev/sms");
            var message = tab.GetByTestId("sms").Filter(new() { Has = tab.GetByTestId("sms-to").GetByText(e164, new() { Exact = true }) }).First;
            var body = await message.GetByTestId("sms-body").TextContentAsync();
            return SixDigits().Match(body ?? "").Value is { Length: 6 } code ? code : throw new InvalidOperationException($"No code in '{body}'.");
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    public async Task<IReadOnlyList<string>> BodiesForAsync(string e164)
    {
        var tab = await context.NewPageAsync();
        try
        {
            await tab.GotoAsync("/dev/sms");
            var messages = tab.GetByTestId("sms").Filter(new() { Has = tab.GetByTestId("sms-to").GetByText(e164, new() { Exact = true }) });
            return await messages.GetByTestId("sms-body").AllTextContentsAsync();
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
