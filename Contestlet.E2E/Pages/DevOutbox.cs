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

    /// <summary>
    /// Waits until the outbox worker has delivered a text containing <paramref name="contains"/> to one of
    /// <paramref name="recipients"/> (texts from the outbox arrive a poll later than sign-in codes), and returns who got it and what.
    /// </summary>
    public async Task<IReadOnlyList<(string To, string Body)>> WaitForTextsAsync(IEnumerable<string> recipients, string contains, int atLeast = 1)
    {
        var wanted = recipients.ToHashSet();
        var tab = await context.NewPageAsync();
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                await tab.GotoAsync("/dev/sms");
                var found = new List<(string To, string Body)>();
                foreach (var message in await tab.GetByTestId("sms").AllAsync())
                {
                    var to = (await message.GetByTestId("sms-to").TextContentAsync())?.Trim() ?? "";
                    var body = (await message.GetByTestId("sms-body").TextContentAsync())?.Trim() ?? "";
                    if (wanted.Contains(to) && body.Contains(contains, StringComparison.Ordinal))
                    {
                        found.Add((to, body));
                    }
                }

                if (found.Count >= atLeast)
                {
                    return found;
                }

                if (waited.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"Expected {atLeast} text(s) containing '{contains}' in the dev outbox; found {found.Count}.");
                }

                await Task.Delay(500);
            }
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
