using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.TextToWin;

/// <summary>"Text SURF to (213) 555-0100" and what texting means, for the contest page, the rules and the console.</summary>
public sealed record CallToAction(string Keyword, string Number, string Action, string Consent);

public sealed class KeywordCallToAction(IOptions<SmsOptions> sms, IOptions<WinnersOptions> winners)
{
    /// <summary>The call to action, or null when the contest has no keyword or there is no sending number to text.</summary>
    public CallToAction? For(Contest contest)
    {
        if (contest.Keyword is not { } keyword || SendingNumber() is not { } number)
        {
            return null;
        }

        var national = number.National;
        return new CallToAction(keyword, national, $"Text {keyword} to {national}",
            $"By texting you confirm you are {contest.Eligibility.MinimumAge}+ and accept the official rules at {TextToWinReplies.RulesUrl(contest, winners.Value.SiteBase)}.");
    }

    public string RulesUrl(Contest contest) => TextToWinReplies.RulesUrl(contest, winners.Value.SiteBase);

    public PhoneNumber? SendingNumber()
    {
        var configured = sms.Value.Twilio.FromNumber;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        try
        {
            return PhoneNumber.ParseConfigured(configured);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
