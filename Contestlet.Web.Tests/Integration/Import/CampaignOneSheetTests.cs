using System.Text.Json;
using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Admin.Import;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Admin.AdminTestKit;

namespace Contestlet.Web.Tests.Integration.Import;

public sealed class CampaignOneSheetTests
{
    private static string Example => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "docs", "examples", "margarita-monday.onesheet.json"));

    [Fact]
    public void MapsTheDocumentedExampleAndKeepsUnknownFields()
    {
        var result = CampaignOneSheet.Parse(Example);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var campaign = result.Campaign!;
        Assert.Equal("Margarita Monday at Casa Azul", campaign.Details.Name);
        Assert.Equal(new Prize { Description = "Pitcher of margaritas and chips for four", ValueUsd = 60, WinnerCount = 3, AlternateCount = 2 },
            campaign.Details.Prize);
        Assert.Equal((7, "America/Los_Angeles", new DateTime(2026, 12, 7, 17, 0, 0)), (campaign.DurationDays, campaign.TimeZoneId, campaign.LocalStart));
        Assert.Equal(21, campaign.Details.Eligibility.MinimumAge);
        Assert.Equal(["CA"], campaign.Details.Eligibility.States);
        Assert.Contains("Free chips and salsa", campaign.Details.Messages.NonWinner);
        using var extras = JsonDocument.Parse(campaign.ExtrasJson!);
        Assert.Equal("MKT-2026-112", extras.RootElement.GetProperty("budget_code").GetString());
        Assert.Equal(2, extras.RootElement.GetProperty("channels").GetArrayLength());
        Assert.Equal("Winners pick up at the bar, ID required",
            extras.RootElement.GetProperty("reward_logic").GetProperty("fulfilment_note").GetString());
        Assert.False(extras.RootElement.TryGetProperty("name", out _));
    }

    [Fact]
    public void ReportsLineAndColumnGivenBadJson()
    {
        const string text = "{\n  \"name\": \"X\",\n  \"sponsor\" \"Y\"\n}";

        var error = Assert.Single(CampaignOneSheet.Parse(text).Errors);

        Assert.Equal(3, error.Line);
        Assert.StartsWith("Line 3, column", error.ToString());
        Assert.Contains("not valid JSON", error.Message);
    }

    [Theory]
    [InlineData("{\n  \"name\": \"X\",\n  \"name\": \"Y\"\n}", 3, "\"name\" appears twice")]
    [InlineData("{\n  \"name\": \"X\",\n  \"reward_logic\": { \"winner_reward\": {\n    \"description\": \"a\",\n    \"description\": \"b\" } }\n}", 5,
        "\"reward_logic.winner_reward.description\" appears twice")]
    public void ReportsARepeatedKeyAtItsLineInsteadOfThrowing(string text, int line, string message)
    {
        // Issue 13 item 8: a repeated key used to throw from JsonObject while the sheet was read, taking the console's circuit down.
        var result = CampaignOneSheet.Parse(text);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameKeyInTwoDifferentObjectsIsFine()
    {
        const string text = "{ \"name\": \"X\", \"description\": \"top\", \"sponsor\": \"S\", \"duration_days\": 3, \"messaging\": { \"winner\": \"a\" },\n" +
                            "  \"reward_logic\": { \"winner_reward\": { \"description\": \"d\" }, \"consolation_offer\": \"c\" }, \"eligibility\": { } }";

        var result = CampaignOneSheet.Parse(text);

        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("appears twice", StringComparison.Ordinal));
    }

    [Fact]
    public void ReportsMissingFieldsAtTheEnclosingObjectsLine()
    {
        const string text = """
            {
              "name": "Taco Tuesday",
              "sponsor": "Casa Azul",
              "duration_days": 3,
              "reward_logic": {
                "consolation_offer": "10% off",
                "winner_reward": {
                  "value_usd": 40
                }
              }
            }
            """;

        var result = CampaignOneSheet.Parse(text);

        var error = Assert.Single(result.Errors);
        Assert.Equal((7, 5), (error.Line, error.Column));
        Assert.Contains("\"description\" is missing from \"reward_logic.winner_reward\"", error.Message);
    }

    [Fact]
    public void ReportsEveryMissingTopLevelFieldAtTheRootObject()
    {
        var result = CampaignOneSheet.Parse("\n\n  { \"description\": \"only this\" }");

        Assert.False(result.IsValid);
        Assert.Equal(["name", "sponsor", "duration_days", "reward_logic"],
            result.Errors.Select(e => e.Message.Split('"')[1]));
        Assert.All(result.Errors, e => Assert.Equal((3, 3), (e.Line, e.Column)));
    }

    [Fact]
    public void ReportsWrongValuesAtTheirOwnLine()
    {
        var text = Example.Replace("\"duration_days\": 7", "\"duration_days\": 0", StringComparison.Ordinal)
            .Replace("{contest_name}! Winners", "{contestname}! Winners", StringComparison.Ordinal)
            .Replace("\"time_zone\": \"America/Los_Angeles\"", "\"time_zone\": \"Pacific Time\"", StringComparison.Ordinal);

        var errors = CampaignOneSheet.Parse(text).Errors;

        Assert.Contains(errors, e => e.Line == 7 && e.Message.Contains("between 1 and 366 (it is 0)"));
        Assert.Contains(errors, e => e.Line == 8 && e.Message.Contains("not an IANA time zone"));
        Assert.DoesNotContain(errors, e => e.Message.Contains("contestname"));
    }

    [Fact]
    public void ReportsUnknownPlaceholderAtItsTemplatesLineGivenOtherwiseValidSheet()
    {
        var text = Example.Replace("{contest_name}! Winners", "{contestname}! Winners", StringComparison.Ordinal);

        var error = Assert.Single(CampaignOneSheet.Parse(text).Errors);

        Assert.Equal(21, error.Line);
        Assert.Contains("{contestname} is not a placeholder", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("\"just text\"")]
    public void RefusesGivenNoJsonObject(string text) =>
        Assert.False(CampaignOneSheet.Parse(text).IsValid);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CreatesDraftWithExtrasAndAuditRowGivenValidSheet(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var campaign = CampaignOneSheet.Parse(Example).Campaign!;
            var schedule = CampaignImport.ScheduleFor(campaign, campaign.LocalStart!.Value, campaign.TimeZoneId!);

            var result = await ImportService(database, Clock()).CreateDraftAsync(campaign, schedule.Schedule!, Dana, CancellationToken.None);

            await using var db = database.CreateContext();
            var contest = await db.Contests.SingleAsync(c => c.Id == result.ContestId);
            Assert.Equal(ContestStatus.Draft, contest.StatusAt(Now));
            Assert.Equal("Mon, Dec 14, 5:00 PM PST", contest.Schedule.FormatEnd());
            Assert.Contains("MKT-2026-112", contest.ImportedExtrasJson);
            var audit = await db.AuditLog.SingleAsync(a => a.ContestId == contest.Id);
            Assert.Equal(AuditAction.Imported, audit.Action);
        });
}
