using System.Globalization;
using Contestlet.Domain.Contests;

namespace Contestlet.Web.Features.Notifications;

/// <summary>
/// Fills a contest's SMS template (PRODUCT §4's placeholders). Stand-in until Contestlet.Domain/Messaging's
/// MessagePlaceholders lands on main; claim placeholders stay as written here (the winners feature fills them).
/// </summary>
public static class MessageText
{
    public static string Render(string template, Contest contest, string? baseUrl = null)
    {
        var root = (baseUrl ?? "").TrimEnd('/');
        return template
            .Replace("{contest_name}", contest.Name, StringComparison.Ordinal)
            .Replace("{prize}", contest.Prize.Description, StringComparison.Ordinal)
            .Replace("{sponsor}", contest.SponsorName, StringComparison.Ordinal)
            .Replace("{end_time}", contest.Schedule.FormatEnd(), StringComparison.Ordinal)
            .Replace("{results_url}", string.Create(CultureInfo.InvariantCulture, $"{root}/c/{contest.Code}/results"), StringComparison.Ordinal);
    }
}
