using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using static Contestlet.Web.Tests.Domain.Contests.AdminContestBuilder;

namespace Contestlet.Web.Tests.Domain.Contests;

public sealed class ContestEditingRulesTests
{
    private static readonly DateTimeOffset DuringContest = Start.AddDays(1);

    [Fact]
    public void LocksEditsStepByStepGivenEntriesThenCancellation()
    {
        var contest = WithEntries();
        var draft = Draft();

        var withEntries = contest.EditLock;
        contest.Cancel(DuringContest, "Venue closed");

        Assert.Equal((ContestLock.None, ContestLock.HasEntries, ContestLock.TextsOnly), (draft.EditLock, withEntries, contest.EditLock));
    }

    [Fact]
    public void OffersTomorrowAtNineInTheContestsZoneAsANewStart()
    {
        // 02:30 on Nov 21 in UTC is still Nov 20 (21:30) in New York: tomorrow there is Nov 21.
        var now = new DateTimeOffset(2026, 11, 21, 2, 30, 0, TimeSpan.Zero);

        Assert.Equal((new DateTime(2026, 11, 21, 9, 0, 0), new DateTime(2026, 11, 22, 9, 0, 0)),
            (ContestSchedule.DefaultLocalStart(now, "America/New_York"), ContestSchedule.DefaultLocalStart(now, "Etc/UTC")));
    }

    [Fact]
    public void ChangesEverythingGivenDraft()
    {
        var contest = Draft();
        var later = Schedule(Start.AddDays(1), End.AddDays(1), "America/Phoenix");

        contest.Edit(Details("Taco Tuesday") with { Prize = Details().Prize with { WinnerCount = 5 } }, later, Start.AddDays(-1));

        Assert.Equal("Taco Tuesday", contest.Name);
        Assert.Equal(5, contest.Prize.WinnerCount);
        Assert.Equal(later, contest.Schedule);
    }

    [Fact]
    public void MovesStartGivenPublishedContestWithoutEntries()
    {
        var contest = Published();

        contest.Edit(Details(), Schedule(Start.AddHours(-5)), DuringContest);

        Assert.Equal(Start.AddHours(-5), contest.Schedule.StartsAt);
    }

    [Fact]
    public void RejectsMovingStartGivenEntries()
    {
        var contest = WithEntries();

        var errors = contest.CheckEdit(Details(), Schedule(Start.AddHours(1)), DuringContest);

        Assert.Contains("start can no longer move", errors["Start"]);
        var ex = Assert.Throws<DomainRuleException>(() => contest.Edit(Details(), Schedule(Start.AddHours(1)), DuringContest));
        Assert.Contains("3 entries", ex.Message);
        Assert.Equal(Start, contest.Schedule.StartsAt);
    }

    [Fact]
    public void RejectsShorteningEndGivenEntries()
    {
        var contest = WithEntries();

        var errors = contest.CheckEdit(Details(), Schedule(end: End.AddHours(-1)), DuringContest);

        Assert.Contains("end can only be extended", errors["End"]);
        Assert.False(errors.ContainsKey("Start"));
    }

    [Fact]
    public void ExtendsEndGivenEntries()
    {
        var contest = WithEntries();

        contest.Edit(Details("New name"), Schedule(end: End.AddDays(2)), DuringContest);

        Assert.Equal(End.AddDays(2), contest.Schedule.EndsAt);
        Assert.Equal("New name", contest.Name);
    }

    [Fact]
    public void RejectsChangingTimeZoneGivenEntries()
    {
        var contest = WithEntries();

        var errors = contest.CheckEdit(Details(), Schedule(zone: "America/Chicago"), DuringContest);

        Assert.Contains("America/New_York", errors["TimeZoneId"]);
    }

    [Fact]
    public void RejectsCapBelowEntryCountGivenEntries()
    {
        var contest = WithEntries(3);
        var details = Details() with { Eligibility = Details().Eligibility with { TotalEntryCap = 2 } };

        var errors = contest.CheckEdit(details, Schedule(), DuringContest);

        Assert.Contains("cannot be lower", errors["Eligibility.TotalEntryCap"]);
    }

    [Fact]
    public void AcceptsSameStatesInNewListGivenEntries()
    {
        var contest = WithEntries();
        var details = Details() with { Eligibility = new Eligibility { Scope = RegionScope.ListedStates, States = ["NY", "NJ"] } };

        Assert.Empty(contest.CheckEdit(details, Schedule(), DuringContest));
    }

    [Fact]
    public void ChangesOnlyTextsAndImagesGivenDrawnContest()
    {
        var contest = WithEntries();
        MarkDrawn(contest, End.AddHours(1));
        var texts = Details("Margarita Monday — winners!") with
        {
            Description = "Congratulations to our winner.",
            ImageUrl = "/img/demo/margarita.svg",
            Messages = new MessageTemplates { Winner = "You won {prize}! Claim at {claim_url}" },
        };

        contest.Edit(texts, Schedule(), End.AddDays(1));

        Assert.Equal("Margarita Monday — winners!", contest.Name);
        Assert.Equal("/img/demo/margarita.svg", contest.ImageUrl);
    }

    [Fact]
    public void RejectsPrizeAndScheduleChangesGivenDrawnContest()
    {
        var contest = WithEntries();
        MarkDrawn(contest, End.AddHours(1));
        var details = Details() with { Prize = Details().Prize with { WinnerCount = 3 } };

        var errors = contest.CheckEdit(details, Schedule(end: End.AddDays(3)), End.AddDays(1));

        Assert.Contains("only texts and images", errors["Prize.Description"]);
        Assert.Contains("only texts and images", errors["Start"]);
    }

    [Fact]
    public void RejectsFieldErrorsWithTheirKeys()
    {
        var contest = Draft();
        var details = Details("") with { Messages = new MessageTemplates { Winner = "You won {prise}" } };

        var errors = contest.CheckEdit(details, Schedule(), Start);

        Assert.Equal("Give the contest a name.", errors["Name"]);
        Assert.Contains("{prise} is not a placeholder", errors["Messages.Winner"]);
    }

    /// <summary>The draw belongs to another feature; these rules only need its timestamp.</summary>
    internal static void MarkDrawn(Contest contest, DateTimeOffset at) =>
        typeof(Contest).GetProperty(nameof(Contest.DrawnAt))!.SetValue(contest, at);
}
