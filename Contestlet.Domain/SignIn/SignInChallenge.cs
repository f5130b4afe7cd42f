using Contestlet.Domain.Phones;

namespace Contestlet.Domain.SignIn;

/// <summary>
/// One code sent to one number: valid for a limited time, used at most once, dead after too many wrong tries,
/// and replaced when a newer code is sent to the same number.
/// </summary>
public sealed class SignInChallenge
{
    public Guid Id { get; private set; }
    public string PhoneE164 { get; private set; } = null!;
    public byte[] CodeHash { get; private set; } = null!;
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public int MaxAttempts { get; private set; }
    public int FailedAttempts { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }
    public DateTimeOffset? ReplacedAt { get; private set; }

    /// <summary>Bumped by every change; the database refuses an update made from a stale copy (two tabs, two instances).</summary>
    public int Version { get; private set; }

    private SignInChallenge()
    {
    }

    public static SignInChallenge Issue(PhoneNumber phone, byte[] codeHash, DateTimeOffset now, SignInRules rules) => new()
    {
        Id = Guid.NewGuid(),
        PhoneE164 = phone.E164,
        CodeHash = codeHash,
        IssuedAt = now,
        ExpiresAt = now + rules.CodeLifetime,
        MaxAttempts = rules.MaxAttemptsPerCode,
    };

    public PhoneNumber Phone => PhoneNumber.FromE164(PhoneE164);

    public int AttemptsLeft => Math.Max(0, MaxAttempts - FailedAttempts);

    /// <summary>Order matters: a used or replaced code says so even after it would also have expired.</summary>
    public ChallengeState StateAt(DateTimeOffset now) =>
        UsedAt is not null ? ChallengeState.Used
        : ReplacedAt is not null ? ChallengeState.Replaced
        : FailedAttempts >= MaxAttempts ? ChallengeState.Exhausted
        : now >= ExpiresAt ? ChallengeState.Expired
        : ChallengeState.Open;

    /// <summary>One try at the code. Only an open challenge changes: a match uses it, a miss costs one attempt.</summary>
    public CodeCheck Attempt(bool codeMatches, DateTimeOffset now)
    {
        var state = StateAt(now);
        if (state != ChallengeState.Open)
        {
            return new CodeCheck(Outcome(state), AttemptsLeft);
        }

        Version++;
        if (codeMatches)
        {
            UsedAt = now;
            return new CodeCheck(CodeCheckOutcome.Accepted, AttemptsLeft);
        }

        FailedAttempts++;
        return new CodeCheck(AttemptsLeft == 0 ? CodeCheckOutcome.WrongAndExhausted : CodeCheckOutcome.Wrong, AttemptsLeft);
    }

    /// <summary>A newer code went to the same number; this one stops working.</summary>
    public void Replace(DateTimeOffset now)
    {
        if (UsedAt is null && ReplacedAt is null)
        {
            ReplacedAt = now;
            Version++;
        }
    }

    private static CodeCheckOutcome Outcome(ChallengeState state) => state switch
    {
        ChallengeState.Used => CodeCheckOutcome.AlreadyUsed,
        ChallengeState.Replaced => CodeCheckOutcome.Replaced,
        ChallengeState.Exhausted => CodeCheckOutcome.Exhausted,
        ChallengeState.Expired => CodeCheckOutcome.Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

public enum ChallengeState
{
    Open,
    Used,
    Replaced,
    Exhausted,
    Expired,
}

public enum CodeCheckOutcome
{
    Accepted,
    Wrong,

    /// <summary>This miss was the last allowed one: the code is now dead.</summary>
    WrongAndExhausted,
    Exhausted,
    Expired,
    AlreadyUsed,
    Replaced,
}

public sealed record CodeCheck(CodeCheckOutcome Outcome, int AttemptsLeft)
{
    public bool Accepted => Outcome == CodeCheckOutcome.Accepted;
}
