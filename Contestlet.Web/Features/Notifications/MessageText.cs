using System.Globalization;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Messaging;

namespace Contestlet.Web.Features.Notifications;

/// <summary>Fills a contest's SMS template with that contest's values, through the domain's one placeholder renderer.</summary>
public static class MessageText
{
    /// <summary>The contest-wide placeholder values; winner texts add {claim_url} and {claim_deadline}.</summary>
    public static Dictionary<string, string> ValuesFor(Contest contest, string? baseUrl = null)
    {
        var root = (baseUrl ?? "").TrimEnd('/');
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessagePlaceholders.ContestName] = contest.Name,
            [MessagePlaceholders.Prize] = contest.Prize.Description,
            [MessagePlaceholders.Sponsor] = contest.SponsorName,
            [MessagePlaceholders.EndTime] = contest.Schedule.FormatEnd(),
            [MessagePlaceholders.ResultsUrl] = string.Create(CultureInfo.InvariantCulture, $"{root}/c/{contest.Code}/results"),
        };
    }

    public static string Render(string template, Contest contest, string? baseUrl = null) =>
        MessagePlaceholders.Render(template, ValuesFor(contest, baseUrl));
}
