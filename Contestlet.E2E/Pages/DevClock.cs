using System.Globalization;
using Microsoft.Playwright;

namespace Contestlet.E2E.Pages;

/// <summary>Development's clock page (/dev/clock), used in a tab of its own like a developer would.</summary>
public sealed class DevClock(IBrowserContext context)
{
    /// <summary>The app's "now" (real time plus however far journeys have moved it).</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        var tab = await context.NewPageAsync();
        try
        {
            await tab.GotoAsync("/dev/clock");
            var iso = await tab.GetByTestId("app-now").GetAttributeAsync("datetime") ?? throw new InvalidOperationException("No app time on /dev/clock.");
            return DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    public async Task AdvanceAsync(TimeSpan by)
    {
        var tab = await context.NewPageAsync();
        try
        {
            await tab.GotoAsync("/dev/clock");
            await tab.GetByLabel("Move forward by (minutes)").FillAsync(((int)Math.Ceiling(by.TotalMinutes)).ToString(CultureInfo.InvariantCulture));
            await tab.GetByRole(AriaRole.Button, new() { Name = "Move clock forward" }).ClickAsync();
            await Assertions.Expect(tab.GetByTestId("clock-offset")).Not.ToHaveTextAsync("nothing (real time)");
        }
        finally
        {
            await tab.CloseAsync();
        }
    }
}
