using System.Text.RegularExpressions;

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

    [GeneratedRegex(@"\{([a-z_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Placeholders in <paramref name="template"/> that are not in <see cref="All"/> (typos such as {contestname}).</summary>
    public static IReadOnlyList<string> Unknown(string? template) =>
        template is null ? [] : Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(p => !All.Contains(p)).Distinct().ToList();

    /// <summary>Replaces each known placeholder with its value; unknown ones stay as typed so a preview shows them.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
}
