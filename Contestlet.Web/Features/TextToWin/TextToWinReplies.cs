using System.Globalization;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;

namespace Contestlet.Web.Features.TextToWin;

/// <summary>Every text the SMS program answers with, in one place (docs/product.md §3a).</summary>
public static class TextToWinReplies
{
    /// <summary>The one "entered" text, queued with the entry itself: contest, reference, draw time in its zone, results link.</summary>
    public static string Entered(Contest contest, Entry entry, Uri siteBase) =>
        $"You're in! {contest.Name}: entry {entry.Reference}. Winners are drawn after {contest.DescribeDrawTime()}. Results: {ResultsUrl(contest, siteBase)}";

    public static string AlreadyEntered(Contest contest, Entry entry) =>
        $"{contest.Name}: {contest.Refusal(EntryRefusalReason.AlreadyEntered).Message} Your entry is {entry.Reference}; winners are drawn after {contest.DescribeDrawTime()}.";

    /// <summary>Not open yet, ended, full, not eligible: the web's own sentence, after the contest's name.</summary>
    public static string Refused(Contest? contest, EntryRefusal refusal) =>
        contest is null ? refusal.Message : $"{contest.Name}: {refusal.Message}";

    public static string AskState(Contest contest) =>
        $"{contest.Name}: reply with your 2-letter state to enter (open to {string.Join(", ", contest.Eligibility.States)}).";

    public static string AskYes(Contest contest, Uri siteBase) =>
        $"{contest.Name}: reply YES to enter. By entering you confirm you are {contest.Eligibility.MinimumAge}+ and accept the official rules at {RulesUrl(contest, siteBase)}";

    public static string Declined(Contest contest) => $"OK, you are not entered in {contest.Name}.";

    public static string Help(TextToWinOptions program) =>
        $"{program.ProgramName}: text a contest's keyword to enter. Help: {program.SupportContact}. Reply STOP to opt out. Msg & data rates may apply.";

    public static string Unknown(TextToWinOptions program, string word) =>
        word.Length == 0
            ? $"{program.ProgramName}: text a contest's keyword to enter. Reply HELP for help."
            : $"{program.ProgramName}: {word} isn't the keyword of an open contest. Check the keyword and text it again, or reply HELP for help.";

    public static string ResultsUrl(Contest contest, Uri siteBase) => string.Create(CultureInfo.InvariantCulture, $"{Root(siteBase)}/c/{contest.Code}/results");

    public static string RulesUrl(Contest contest, Uri siteBase) => string.Create(CultureInfo.InvariantCulture, $"{Root(siteBase)}/c/{contest.Code}/rules");

    private static string Root(Uri siteBase) => siteBase.GetLeftPart(UriPartial.Path).TrimEnd('/');
}
