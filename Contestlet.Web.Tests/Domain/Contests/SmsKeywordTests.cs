using Contestlet.Domain.Contests;

namespace Contestlet.Web.Tests.Domain.Contests;

public sealed class SmsKeywordTests
{
    [Theory]
    [InlineData("surf", "SURF")]
    [InlineData("  Win2 ", "WIN2")]
    [InlineData("ab", "AB")]
    [InlineData("ABCDEFGHIJ0123456789", "ABCDEFGHIJ0123456789")]
    public void NormalisesToUpperCaseGivenLettersAndDigits(string typed, string stored)
    {
        Assert.True(SmsKeyword.TryParse(typed, out var keyword, out _));
        Assert.Equal(stored, keyword.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ABCDEFGHIJ01234567890")]
    [InlineData("SURF WIN")]
    [InlineData("surf!")]
    [InlineData("café")]
    public void RefusesGivenWrongLengthOrCharacters(string typed)
    {
        Assert.False(SmsKeyword.TryParse(typed, out _, out var error));
        Assert.Contains("2 to 20 letters or digits", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("START")]
    [InlineData("Help")]
    [InlineData("info")]
    [InlineData("yes")]
    [InlineData("NO")]
    [InlineData("unstop")]
    [InlineData("cancel")]
    [InlineData("end")]
    [InlineData("quit")]
    [InlineData("stopall")]
    [InlineData("unsubscribe")]
    public void RefusesReservedWords(string typed)
    {
        Assert.False(SmsKeyword.TryParse(typed, out _, out var error));
        Assert.Contains("reserved SMS word", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("surf", "SURF")]
    [InlineData("  Surf, please", "SURF")]
    [InlineData("WIN NY", "WIN")]
    [InlineData("", "")]
    public void ReadsTheFirstWordOfAText(string body, string word) => Assert.Equal(word, SmsKeyword.FirstWord(body));

    [Fact]
    public void ContestHoldsItsKeywordOnlyWhilePublishedAndNotEnded()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var contest = Contest.Create(new ContestDetails
        {
            Name = "Surf",
            SponsorName = "Bondi",
            Prize = new Prize { Description = "Lesson", WinnerCount = 1 },
            Keyword = "surf",
        }, new ContestSchedule(now.AddHours(1), now.AddHours(2), "UTC"), now);

        Assert.Equal("SURF", contest.Keyword);
        Assert.Null(contest.KeywordClaim);
        contest.Publish(now, TestSeeds.Vault);
        Assert.Equal("SURF", contest.KeywordClaim);
        Assert.False(contest.HoldsKeywordAt(now.AddHours(2)));
        contest.Cancel(now.AddMinutes(5), "Rain");
        Assert.Null(contest.KeywordClaim);
    }
}
