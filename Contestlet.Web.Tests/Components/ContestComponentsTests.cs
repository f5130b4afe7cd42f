using Bunit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Contests;

namespace Contestlet.Web.Tests.Components;

public sealed class ContestComponentsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void CardShowsNamePrizeCountdownAndWhereItIsOpen()
    {
        var contest = TestContests.Active(Now, eligibility: new Eligibility { Scope = RegionScope.ListedStates, States = ["NY"] });

        var card = _context.Render<ContestCard>(p => p.Add(c => c.Contest, new ContestView(contest, Now)));

        Assert.Equal(contest.Name, card.Find("h3").TextContent);
        Assert.Equal($"/c/{contest.Code}", card.Find("a").GetAttribute("href"));
        Assert.Equal("5 h", card.Find("time[data-countdown]").TextContent);
        Assert.Contains("A prize ($50 value) · 1 winner", card.Find(".prize").TextContent);
        Assert.Equal("Open to residents of New York", card.Find(".where").TextContent);
    }

    [Fact]
    public void CardShowsOpeningTimeForUpcomingContest()
    {
        var contest = TestContests.PublishedAt(
            new ContestSchedule(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), "America/New_York"), Now);

        var card = _context.Render<ContestCard>(p => p.Add(c => c.Contest, new ContestView(contest, Now)));

        Assert.Equal("Opens Sat, Nov 28, 9:00 PM EST", card.Find(".timing").TextContent.Trim());
        Assert.Empty(card.FindAll("time[data-countdown]"));
    }

    public static TheoryData<string, string, string> Banners => new()
    {
        { "active", "status-active", "Open now" },
        { "upcoming", "status-upcoming", "Opens " },
        { "ended", "status-ended", "Entries closed" },
    };

    [Theory]
    [MemberData(nameof(Banners))]
    public void BannerNamesTheStatus(string which, string cssClass, string text)
    {
        var contest = which switch
        {
            "active" => TestContests.Active(Now),
            "upcoming" => TestContests.Upcoming(Now),
            _ => TestContests.Ended(Now),
        };

        var banner = _context.Render<StatusBanner>(p => p.Add(c => c.Contest, new ContestView(contest, Now)));

        var element = banner.Find("[role=status]");
        Assert.Contains(cssClass, element.ClassList);
        Assert.Contains(text, element.TextContent);
    }
}
