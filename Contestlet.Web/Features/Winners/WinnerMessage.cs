using Contestlet.Domain.Contests;
using Contestlet.Domain.Messaging;
using Contestlet.Domain.Time;
using Contestlet.Web.Features.Notifications;

namespace Contestlet.Web.Features.Winners;

/// <summary>Fills the contest's winner template: the contest's values plus the winner's claim link and deadline.</summary>
public static class WinnerMessage
{
    public const string DefaultTemplate =
        "You won {prize} in {contest_name}! Claim it by {claim_deadline}: {claim_url}";

    public static string Render(Contest contest, Uri siteBase, string claimToken, DateTimeOffset claimDeadline)
    {
        var template = string.IsNullOrWhiteSpace(contest.Messages.Winner) ? DefaultTemplate : contest.Messages.Winner;
        var values = MessageText.ValuesFor(contest, siteBase);
        values[MessagePlaceholders.ClaimUrl] = ClaimUrl(siteBase, claimToken);
        values[MessagePlaceholders.ClaimDeadline] = TimeZones.Format(claimDeadline, contest.Schedule.TimeZoneId);
        return MessagePlaceholders.Render(template, values);
    }

    public static string ClaimPath(string claimToken) => $"/claim/{claimToken}";

    public static string ClaimUrl(Uri siteBase, string claimToken) => new Uri(siteBase, ClaimPath(claimToken)).ToString();
}
