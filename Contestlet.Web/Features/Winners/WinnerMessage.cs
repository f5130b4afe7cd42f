using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;

namespace Contestlet.Web.Features.Winners;

/// <summary>Fills the contest's winner template. Switches to the shared MessagePlaceholders renderer once it is on main.</summary>
public static class WinnerMessage
{
    public const string DefaultTemplate =
        "You won {prize} in {contest_name}! Claim it by {claim_deadline}: {claim_url}";

    public static string Render(Contest contest, Uri siteBase, string claimToken, DateTimeOffset claimDeadline)
    {
        var template = string.IsNullOrWhiteSpace(contest.Messages.Winner) ? DefaultTemplate : contest.Messages.Winner;
        var values = new Dictionary<string, string>
        {
            ["contest_name"] = contest.Name,
            ["prize"] = contest.Prize.Description,
            ["sponsor"] = contest.SponsorName,
            ["end_time"] = contest.Schedule.FormatEnd(),
            ["claim_url"] = ClaimUrl(siteBase, claimToken),
            ["claim_deadline"] = TimeZones.Format(claimDeadline, contest.Schedule.TimeZoneId),
            ["results_url"] = new Uri(siteBase, $"/c/{contest.Code}/results").ToString(),
        };
        return values.Aggregate(template, (text, pair) => text.Replace("{" + pair.Key + "}", pair.Value, StringComparison.Ordinal));
    }

    public static string ClaimPath(string claimToken) => $"/claim/{claimToken}";

    public static string ClaimUrl(Uri siteBase, string claimToken) => new Uri(siteBase, ClaimPath(claimToken)).ToString();
}
