using Contestlet.Domain.Contests;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Notifications;

namespace Contestlet.Web.Tests.Domain.Messaging;

public sealed class MessagePlaceholdersTests
{
    [Fact]
    public void FillsKnownPlaceholdersAndKeepsUnknownOnes()
    {
        var values = new Dictionary<string, string> { ["contest_name"] = "Margarita Monday", ["end_time"] = "Mon, Nov 30, 11:00 PM EST" };

        var text = MessagePlaceholders.Render("You're in for {contest_name}! Draw {end_time}. {oops}", values);

        Assert.Equal("You're in for Margarita Monday! Draw Mon, Nov 30, 11:00 PM EST. {oops}", text);
    }

    [Fact]
    public void ReportsUnknownPlaceholdersOnce()
    {
        Assert.Equal(["contestname"], MessagePlaceholders.Unknown("{contestname} {contestname} {prize}"));
        Assert.Empty(MessagePlaceholders.Unknown("{claim_url} {claim_deadline} {results_url} {sponsor}"));
    }

    [Theory]
    [InlineData(NotificationType.EntryConfirmation, "claim_url")]
    [InlineData(NotificationType.NonWinner, "claim_url")]
    [InlineData(NotificationType.Reminder, "claim_deadline")]
    [InlineData(NotificationType.Announcement, "claim_url")]
    public void RefusesAPlaceholderTheTypeOfTextCannotFill(NotificationType type, string placeholder)
    {
        var problem = MessagePlaceholders.Problem($"Thanks for entering {{contest_name}}: {{{placeholder}}}", type);

        Assert.NotNull(problem);
        Assert.StartsWith($"{{{placeholder}}} can only be filled in the winner's text", problem);
        Assert.Contains("{results_url}", problem);
        Assert.DoesNotContain("{claim_url}, ", problem);
    }

    [Fact]
    public void AcceptsEveryPlaceholderInTheWinnersTextAndTheContestWideOnesElsewhere()
    {
        Assert.Null(MessagePlaceholders.Problem("{prize} {claim_url} {claim_deadline} {results_url}", NotificationType.Winner));
        Assert.Null(MessagePlaceholders.Problem("{contest_name} {prize} {sponsor} {end_time} {results_url}", NotificationType.EntryConfirmation));
        Assert.StartsWith("{contestname} is not a placeholder", MessagePlaceholders.Problem("{contestname}", NotificationType.Reminder));
    }

    [Fact]
    public void TheContestFormRefusesAClaimLinkInANonWinnerText()
    {
        var details = TestContests.Details() with
        {
            Messages = new MessageTemplates { NonWinner = "Not this time. Your claim: {claim_url}", Winner = "Claim {prize}: {claim_url}" },
        };

        var errors = details.Validate();

        Assert.StartsWith("{claim_url} can only be filled in the winner's text; a non-winner text has no claim link.", errors["Messages.NonWinner"]);
        Assert.False(errors.ContainsKey("Messages.Winner"));
    }
}
