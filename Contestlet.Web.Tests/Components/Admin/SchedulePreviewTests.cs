using Bunit;
using Contestlet.Web.Features.Admin.Contests;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Contestlet.Web.Tests.Components.Admin;

public sealed class SchedulePreviewTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public SchedulePreviewTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<SchedulePreview> Render(string start, string end, string zone, string adminZone) =>
        _context.Render<SchedulePreview>(p => p
            .Add(s => s.StartLocal, start)
            .Add(s => s.EndLocal, end)
            .Add(s => s.TimeZoneId, zone)
            .Add(s => s.AdminTimeZoneId, adminZone));

    [Fact]
    public void ShowsContestZoneUtcAndAdminZoneGivenSydneyContestAndNewYorkAdmin()
    {
        var preview = Render("2026-11-28T21:00", "2026-12-05T21:00", "Australia/Sydney", "America/New_York");

        var cells = preview.Find("[data-testid=preview-start]").QuerySelectorAll("td").Select(td => td.TextContent).ToArray();

        Assert.Equal(["Sat, Nov 28, 9:00 PM AEDT", "Sat, Nov 28, 2026, 10:00 AM UTC", "Sat, Nov 28, 2026, 5:00 AM EST"], cells);
        Assert.Contains("Runs for 7 d", preview.Markup);
    }

    [Fact]
    public void ShowsWhichOffsetItChoseGivenFallBackHour()
    {
        var preview = Render("2026-10-31T12:00", "2026-11-01T01:30", "America/New_York", "UTC");

        Assert.Contains("happens twice in America/New_York", preview.Find("[data-testid=schedule-note]").TextContent);
        Assert.Contains("Sun, Nov 1, 2026, 5:30 AM UTC", preview.Find("[data-testid=preview-end]").TextContent);
    }

    [Fact]
    public void AsksToFixScheduleGivenSpringForwardGap()
    {
        var preview = Render("2026-03-08T02:30", "2026-03-09T12:00", "America/New_York", "UTC");

        Assert.NotNull(preview.Find("[data-testid=preview-invalid]"));
        Assert.Empty(preview.FindAll("[data-testid=preview-start]"));
    }

    [Fact]
    public void UpdatesWhenTheZoneChanges()
    {
        var preview = Render("2026-07-04T21:00", "2026-07-05T21:00", "America/New_York", "UTC");

        preview.Render(p => p.Add(s => s.TimeZoneId, "America/Phoenix"));

        Assert.Contains("Sat, Jul 4, 9:00 PM MST", preview.Find("[data-testid=preview-start]").TextContent);
        Assert.Contains("Sun, Jul 5, 2026, 4:00 AM UTC", preview.Find("[data-testid=preview-start]").TextContent);
    }
}
