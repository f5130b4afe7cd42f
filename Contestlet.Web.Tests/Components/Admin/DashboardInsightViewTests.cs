using Bunit;
using Contestlet.Web.Features.Admin.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NodaTime;

namespace Contestlet.Web.Tests.Components.Admin;

/// <summary>docs/product.md §4 Dashboard: what an admin sees with nothing going on, and the attention list's links.</summary>
public sealed class DashboardInsightViewTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public DashboardInsightViewTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static List<DayTrend> Days(int entriesToday = 0) =>
        Enumerable.Range(0, DashboardInsights.TrendDays)
            .Select(i => new LocalDate(2026, 11, 10).PlusDays(i))
            .Select((d, i) => new DayTrend(d, d.ToString("ddd, MMM d", null), i == DashboardInsights.TrendDays - 1 ? entriesToday : 0, 0, 0, 0))
            .ToList();

    [Fact]
    public void SaysSoWhenNothingRunsNothingHappenedAndNothingNeedsAttention()
    {
        var view = _context.Render<DashboardInsightView>(p => p.Add(v => v.Insight, new DashboardInsight("America/New_York", Days(), [], 0, [])));

        Assert.Contains("Nothing needs attention", view.Find("[data-testid=attention-none]").TextContent);
        Assert.Contains("No entries and no texts in the last 14 days.", view.Find("[data-testid=trend-empty]").TextContent);
        Assert.Equal("No contest is running now.", view.Find("[data-testid=running-none]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=entries-chart]"));
        Assert.Empty(view.FindAll("[data-testid=attention-item]"));
    }

    [Fact]
    public void ListsEachAttentionItemWithALinkToWhereItIsHandledAndChartsTheDays()
    {
        AttentionItem[] attention =
        [
            new(AttentionKind.FailedTexts, "2 failed texts to retry", "/admin/notifications?status=Failed", "Open the failed texts"),
            new(AttentionKind.OutboxBacklog, "7 texts waiting in the outbox for more than 5 minutes", "/admin/notifications?status=Queued", "Open the queue"),
            new(AttentionKind.ClaimsExpiring, "Surf: 1 unclaimed prize expires from Nov 24, 3:00 PM EST", "/admin/contests/4/draw", "Open the draw"),
            new(AttentionKind.NotDrawn, "Bar Night ended Nov 23, 9:00 PM EST and is not drawn yet", "/admin/contests/5/draw", "Draw winners"),
            new(AttentionKind.FlaggedEntries, "Surf: 3 flagged entries to review", "/admin/contests/4/entries?flagged=true", "Review them"),
        ];
        var insight = new DashboardInsight("America/New_York", Days(entriesToday: 12),
            [new RunningContest(4, "Surf", 1234, new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), "America/New_York")], 1, attention);

        var view = _context.Render<DashboardInsightView>(p => p.Add(v => v.Insight, insight));

        var items = view.FindAll("[data-testid=attention-item]");
        Assert.Equal(attention.Select(a => a.Kind.ToString()), items.Select(i => i.GetAttribute("data-kind")));
        Assert.Equal(attention.Select(a => (a.Href, a.Action)), items.Select(i => (i.QuerySelector("a")!.GetAttribute("href") ?? "", i.QuerySelector("a")!.TextContent)));
        Assert.StartsWith("2 failed texts to retry", items[0].TextContent.Trim());
        Assert.Empty(view.FindAll("[data-testid=attention-none]"));

        Assert.Single(view.FindAll("[data-testid=entries-chart] svg"));
        Assert.Single(view.FindAll("[data-testid=sms-chart] svg"));
        Assert.Equal("12", view.FindAll("[data-testid=trend-day]")[^1].QuerySelectorAll("td")[1].TextContent);
        Assert.Equal("1,234", view.Find("[data-testid=running-entries]").TextContent);
        Assert.Equal("/admin/contests/4", view.Find("[data-testid=running-contest] a").GetAttribute("href"));
    }
}
