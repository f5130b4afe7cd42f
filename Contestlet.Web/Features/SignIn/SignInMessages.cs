using Contestlet.Domain.SignIn;

namespace Contestlet.Web.Features.SignIn;

/// <summary>What the sign-in pages tell people: what happened, and what to do next.</summary>
public static class SignInMessages
{
    public const string NotSixDigits = "Enter the 6-digit code from the text message.";
    public const string NoPendingSignIn = "That sign-in has expired. Enter your number again to get a new code.";

    public static string For(CodeCheck check, bool matchesOlderCode, SignInRules rules) => check.Outcome switch
    {
        CodeCheckOutcome.Wrong when matchesOlderCode =>
            $"That code was replaced by a newer one. Enter the code from the most recent text. {TriesLeft(check.AttemptsLeft)}",
        CodeCheckOutcome.Wrong => $"That code isn't right. {TriesLeft(check.AttemptsLeft)}",
        CodeCheckOutcome.WrongAndExhausted =>
            $"That code isn't right, and that was the last of {rules.MaxAttemptsPerCode} tries: this code no longer works. Ask for a new code below.",
        _ => ForState(StateOf(check.Outcome), rules) ?? "",
    };

    public static string? ForState(ChallengeState state, SignInRules rules) => state switch
    {
        ChallengeState.Open => null,
        ChallengeState.Exhausted => $"This code no longer works after {rules.MaxAttemptsPerCode} wrong tries. Ask for a new code below.",
        ChallengeState.Expired => $"This code has expired (codes last {rules.CodeLifetime.TotalMinutes:0} minutes). Ask for a new code below.",
        ChallengeState.Used => "This code has already been used. Ask for a new code below to sign in again.",
        ChallengeState.Replaced => "A newer code was sent to this number, so this one no longer works. Ask for a new code below.",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string TriesLeft(int left) => left == 1 ? "You have 1 try left." : $"You have {left} tries left.";

    private static ChallengeState StateOf(CodeCheckOutcome outcome) => outcome switch
    {
        CodeCheckOutcome.Exhausted => ChallengeState.Exhausted,
        CodeCheckOutcome.Expired => ChallengeState.Expired,
        CodeCheckOutcome.AlreadyUsed => ChallengeState.Used,
        CodeCheckOutcome.Replaced => ChallengeState.Replaced,
        _ => ChallengeState.Open,
    };
}
