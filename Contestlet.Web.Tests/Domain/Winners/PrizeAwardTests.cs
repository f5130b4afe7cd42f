using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Winners;

namespace Contestlet.Web.Tests.Domain.Winners;

public sealed class PrizeAwardTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(2);
    private static readonly DateTimeOffset Now = End.AddHours(1);

    [Fact]
    public void CreatesOneSelectedAwardPerWinnerInDrawOrder()
    {
        var draw = Draw(winners: 3, alternates: 2);

        var awards = PrizeAward.ForDraw(draw, Now);

        Assert.Equal(draw.Winners, awards.Select(a => a.EntryId));
        Assert.Equal([1, 2, 3], awards.Select(a => a.Slot));
        Assert.All(awards, a => Assert.Equal(AwardStatus.Selected, a.Status));
        Assert.All(awards, a => Assert.Null(a.AlternateIndex));
    }

    [Fact]
    public void NotifyStartsClaimWindowAndKeepsOnlyTheTokensHash()
    {
        var award = PrizeAward.ForDraw(Draw(), Now)[0];

        var token = award.Notify(72, Now, t => "protected:" + t);

        Assert.Equal(AwardStatus.Notified, award.Status);
        Assert.Equal(Now, award.NotifiedAt);
        Assert.Equal(Now.AddHours(72), award.ClaimDeadline);
        Assert.True(ClaimToken.LooksValid(token));
        Assert.Equal(ClaimToken.Hash(token), award.ClaimTokenHash);
        Assert.NotEqual(token, award.ClaimTokenHash);
        Assert.Equal("protected:" + token, award.ProtectedClaimToken);
    }

    [Fact]
    public void IssuesDifferentTokensGivenTwoAwards()
    {
        var awards = PrizeAward.ForDraw(Draw(winners: 2), Now);

        var first = awards[0].Notify(1, Now, t => t);
        var second = awards[1].Notify(1, Now, t => t);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void RefusesSecondNotification()
    {
        var award = PrizeAward.ForDraw(Draw(), Now)[0];
        award.Notify(72, Now, t => t);

        Assert.Throws<DomainRuleException>(() => award.Notify(72, Now, t => t));
    }

    [Fact]
    public void ClaimsGivenNameAndEmailBeforeDeadline()
    {
        var award = Notified();

        award.Claim("  Ana Reyes ", "ana@example.com", Now.AddHours(71));

        Assert.Equal(AwardStatus.Claimed, award.Status);
        Assert.Equal("Ana Reyes", award.ClaimedName);
        Assert.Equal("ana@example.com", award.ClaimedEmail);
        Assert.Equal(Now.AddHours(71), award.ClaimedAt);
    }

    [Fact]
    public void RefusesClaimGivenDeadlinePassed()
    {
        var award = Notified();

        var error = Assert.Throws<DomainRuleException>(() => award.Claim("Ana Reyes", "ana@example.com", Now.AddHours(72)));

        Assert.Contains("deadline", error.Message, StringComparison.Ordinal);
        Assert.Equal(AwardStatus.Notified, award.Status);
    }

    [Theory]
    [InlineData("", "ana@example.com")]
    [InlineData("Ana Reyes", "")]
    [InlineData("Ana Reyes", "not-an-email")]
    public void RefusesClaimGivenMissingOrInvalidDetails(string name, string email)
    {
        var award = Notified();

        Assert.Throws<DomainRuleException>(() => award.Claim(name, email, Now.AddHours(1)));
        Assert.Equal(AwardStatus.Notified, award.Status);
    }

    [Fact]
    public void RefusesClaimGivenNotNotifiedYet()
    {
        var award = PrizeAward.ForDraw(Draw(), Now)[0];

        Assert.Throws<DomainRuleException>(() => award.Claim("Ana Reyes", "ana@example.com", Now));
    }

    [Fact]
    public void ForfeitsExpiredAwardAtExactlyTheDeadline()
    {
        var award = Notified();

        Assert.False(award.IsExpiredAt(Now.AddHours(72).AddTicks(-1)));
        Assert.Throws<DomainRuleException>(() => award.ForfeitExpired(Now.AddHours(71)));
        award.ForfeitExpired(Now.AddHours(72));

        Assert.Equal(AwardStatus.Forfeited, award.Status);
        Assert.Equal("Not claimed by the deadline", award.Reason);
        Assert.False(award.HoldsSlot);
    }

    [Fact]
    public void NeverExpiresGivenClaimed()
    {
        var award = Notified();
        award.Claim("Ana Reyes", "ana@example.com", Now.AddHours(1));

        Assert.False(award.IsExpiredAt(Now.AddDays(30)));
    }

    [Fact]
    public void DisqualifiesWithReasonGivenEvenAClaimedAward()
    {
        var award = Notified();
        award.Claim("Ana Reyes", "ana@example.com", Now.AddHours(1));

        award.Disqualify("Sponsor employee", Now.AddHours(2));

        Assert.Equal(AwardStatus.Disqualified, award.Status);
        Assert.Equal("Sponsor employee", award.Reason);
    }

    [Fact]
    public void RefusesEndingWithoutReason()
    {
        var award = Notified();

        Assert.Throws<DomainRuleException>(() => award.Disqualify("  ", Now));
        Assert.Throws<DomainRuleException>(() => award.Forfeit("", Now));
        Assert.True(award.HoldsSlot);
    }

    [Fact]
    public void RefusesEndingTwice()
    {
        var award = Notified();
        award.Forfeit("Declined the prize", Now);

        Assert.Throws<DomainRuleException>(() => award.Disqualify("Again", Now));
    }

    [Fact]
    public void SuccessorIsFirstAlternateInDrawOrder()
    {
        var draw = Draw(winners: 2, alternates: 3);
        var awards = PrizeAward.ForDraw(draw, Now).ToList();
        awards[1].Disqualify("Duplicate entries", Now);

        var successor = awards[1].Successor(draw, awards, Now)!;

        Assert.Equal(draw.Alternates[0], successor.EntryId);
        Assert.Equal(0, successor.AlternateIndex);
        Assert.Equal(2, successor.Slot);
        Assert.Equal(AwardStatus.Selected, successor.Status);
    }

    [Fact]
    public void SuccessorSkipsAlternatesAlreadyPromoted()
    {
        var draw = Draw(winners: 2, alternates: 3);
        var awards = PrizeAward.ForDraw(draw, Now).ToList();
        awards[0].Forfeit("Declined", Now);
        awards.Add(awards[0].Successor(draw, awards, Now)!);
        awards[1].Forfeit("Declined", Now);

        var successor = awards[1].Successor(draw, awards, Now)!;

        Assert.Equal(draw.Alternates[1], successor.EntryId);
        Assert.Equal(1, successor.AlternateIndex);
    }

    [Fact]
    public void SuccessorIsNullGivenAlternatesUsedUp()
    {
        var draw = Draw(winners: 1, alternates: 0);
        var award = PrizeAward.ForDraw(draw, Now)[0];
        award.Forfeit("Declined", Now);

        Assert.Null(award.Successor(draw, [award], Now));
    }

    [Fact]
    public void RefusesSuccessorGivenAwardStillHoldsSlot()
    {
        var draw = Draw();
        var award = PrizeAward.ForDraw(draw, Now)[0];

        Assert.Throws<DomainRuleException>(() => award.Successor(draw, [award], Now));
    }

    [Fact]
    public void BumpsVersionOnEveryChange()
    {
        var award = PrizeAward.ForDraw(Draw(), Now)[0];
        var versions = new List<int> { award.Version };
        award.Notify(1, Now, t => t);
        versions.Add(award.Version);
        award.Claim("Ana Reyes", "ana@example.com", Now);
        versions.Add(award.Version);

        Assert.Equal(versions.Distinct().Count(), versions.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    public void RejectsMalformedTokens(string? token) => Assert.False(ClaimToken.LooksValid(token));

    private static PrizeAward Notified()
    {
        var award = PrizeAward.ForDraw(Draw(), Now)[0];
        award.Notify(72, Now, t => t);
        return award;
    }

    private static DrawRecord Draw(int winners = 1, int alternates = 2)
    {
        var contest = Contest.Create(new ContestDetails
        {
            Name = "Margarita Monday",
            SponsorName = "Casa Azul",
            Prize = new Prize { Description = "Pitcher", WinnerCount = winners, AlternateCount = alternates },
        }, new ContestSchedule(Start, End, "America/New_York"), Start.AddDays(-1));
        contest.Publish(Start.AddDays(-1), TestSeeds.Vault);
        return contest.Draw(Enumerable.Range(100, 20).Select(i => (long)i), "admin", End, TestSeeds.Vault);
    }
}
