using Contestlet.Domain.Messaging;

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
}
