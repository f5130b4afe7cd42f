using System.Globalization;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Messaging;

namespace Contestlet.Web.Features.Notifications;

/// <summary>Fills a contest's SMS template with that contest's values, through the domain's one placeholder renderer.</summary>
public static class MessageText
{
    /// <summary>
    /// The contest-wide placeholder values; winner texts add {claim_url} and {claim_deadline}. Links are absolute, on the
    /// public base URL (<c>WinnersOptions.SiteBase</c>, PUBLIC_BASE_URL): a text is read on a phone, never on our site.
    /// </summary>
    public static Dictionary<string, string> ValuesFor(Contest contest, Uri siteBase)
    {
        if (!siteBase.IsAbsoluteUri)
        {
            throw new ArgumentException($"Links in texts must be absolute; '{siteBase}' is not.", nameof(siteBase));
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessagePlaceholders.ContestName] = contest.Name,
            [MessagePlaceholders.Prize] = contest.Prize.Description,
            [MessagePlaceholders.Sponsor] = contest.SponsorName,
            [MessagePlaceholders.EndTime] = contest.Schedule.FormatEnd(),
            [MessagePlaceholders.ResultsUrl] = new Uri(siteBase, string.Create(CultureInfo.InvariantCulture, $"/c/{contest.Code}/results")).ToString(),
        };
    }

    public static string Render(string template, Contest contest, Uri siteBase) =>
        MessagePlaceholders.Render(template, ValuesFor(contest, siteBase));
}
