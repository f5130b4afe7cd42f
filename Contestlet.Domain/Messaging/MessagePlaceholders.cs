using System.Text.RegularExpressions;
using Contestlet.Domain.Notifications;

namespace Contestlet.Domain.Messaging;

/// <summary>The <c>{name}</c> placeholders SMS templates may use, and how a template is filled in.</summary>
public static partial class MessagePlaceholders
{
    public const string ContestName = "contest_name";
    public const string Prize = "prize";
    public const string Sponsor = "sponsor";
    public const string EndTime = "end_time";
    public const string ClaimUrl = "claim_url";
    public const string ClaimDeadline = "claim_deadline";
    public const string ResultsUrl = "results_url";

    public static IReadOnlyList<string> All { get; } = [ContestName, Prize, Sponsor, EndTime, ClaimUrl, ClaimDeadline, ResultsUrl];

    /// <summary>What every text of a contest can fill: its fields and its results link.</summary>
    public static IReadOnlyList<string> ContestWide { get; } = [ContestName, Prize, Sponsor, EndTime, ResultsUrl];

    /// <summary>
    /// The placeholders a message of <paramref name="type"/> can fill: only a winner's text has a claim link and deadline;
    /// everything else knows the contest and its results link.
    /// </summary>
    public static IReadOnlyList<string> For(NotificationType type) => type == NotificationType.Winner ? All : ContestWide;

    /// <summary>
    /// Why <paramref name="template"/> cannot be sent as a <paramref name="type"/> text, or null: a placeholder that does not
    /// exist, or one this type of text cannot fill (it would go out as literal "{claim_url}").
    /// </summary>
    public static string? Problem(string? template, NotificationType type)
    {
        if (Unknown(template) is [var unknown, ..])
        {
            return $"{{{unknown}}} is not a placeholder. Use one of: {List(For(type))}.";
        }

        var allowed = For(type);
        if (template is not null && Placeholder().Matches(template).Select(m => m.Groups[1].Value).FirstOrDefault(p => !allowed.Contains(p)) is { } unfillable)
        {
            return $"{{{unfillable}}} can only be filled in the winner's text; {Describe(type)} has no {Describe(unfillable)}. Use one of: {List(allowed)}.";
        }

        return null;
    }

    private static string List(IEnumerable<string> placeholders) => string.Join(", ", placeholders.Select(p => "{" + p + "}"));

    private static string Describe(NotificationType type) => type switch
    {
        NotificationType.EntryConfirmation => "an entry confirmation",
        NotificationType.NonWinner => "a non-winner text",
        NotificationType.Reminder => "a reminder",
        NotificationType.Announcement => "an announcement",
        _ => "a winner text",
    };

    private static string Describe(string placeholder) => placeholder == ClaimUrl ? "claim link" : placeholder == ClaimDeadline ? "claim deadline" : placeholder;

    [GeneratedRegex(@"\{([a-z_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Placeholders in <paramref name="template"/> that are not in <see cref="All"/> (typos such as {contestname}).</summary>
    public static IReadOnlyList<string> Unknown(string? template) =>
        template is null ? [] : Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(p => !All.Contains(p)).Distinct().ToList();

    /// <summary>Replaces each known placeholder with its value; unknown ones stay as typed so a preview shows them.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
}
