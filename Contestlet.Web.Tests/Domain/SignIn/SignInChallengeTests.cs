using Contestlet.Domain.Phones;
using Contestlet.Domain.SignIn;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Domain.SignIn;

public sealed class SignInChallengeTests
{
    private static readonly PhoneNumber Phone = PhoneNumber.FromE164("+18187958204");
    private static readonly SignInCodeHasher Hasher = new("a-test-secret-key-that-is-long-enough-000");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private SignInChallenge Issue(string code = "123456") => SignInChallenge.Issue(Phone, Hasher.Hash(Phone, code), _clock.GetUtcNow(), SignInRules.Default);

    private CodeCheck Try(SignInChallenge challenge, string code) =>
        challenge.Attempt(SignInCodeHasher.Matches(Hasher.Hash(Phone, code), challenge.CodeHash), _clock.GetUtcNow());

    [Fact]
    public void AcceptsTheRightCodeOnce()
    {
        var challenge = Issue();

        Assert.Equal(CodeCheckOutcome.Accepted, Try(challenge, "123456").Outcome);
        Assert.Equal(CodeCheckOutcome.AlreadyUsed, Try(challenge, "123456").Outcome);
        Assert.Equal(ChallengeState.Used, challenge.StateAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void CountsDownAttemptsGivenWrongCodes()
    {
        var challenge = Issue();

        var first = Try(challenge, "000000");
        var second = Try(challenge, "111111");

        Assert.Equal(new CodeCheck(CodeCheckOutcome.Wrong, 4), first);
        Assert.Equal(new CodeCheck(CodeCheckOutcome.Wrong, 3), second);
    }

    [Fact]
    public void KillsTheCodeGivenFiveWrongTries()
    {
        var challenge = Issue();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(CodeCheckOutcome.Wrong, Try(challenge, "000000").Outcome);
        }

        Assert.Equal(new CodeCheck(CodeCheckOutcome.WrongAndExhausted, 0), Try(challenge, "000000"));
        Assert.Equal(CodeCheckOutcome.Exhausted, Try(challenge, "123456").Outcome);
        Assert.Equal(ChallengeState.Exhausted, challenge.StateAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void AcceptsTheCodeUntilJustBeforeTenMinutes()
    {
        var challenge = Issue();
        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));

        Assert.Equal(CodeCheckOutcome.Accepted, Try(challenge, "123456").Outcome);
    }

    [Fact]
    public void RejectsTheRightCodeGivenTenMinutesPassed()
    {
        var challenge = Issue();
        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(CodeCheckOutcome.Expired, Try(challenge, "123456").Outcome);
        Assert.Equal(0, challenge.FailedAttempts);
    }

    [Fact]
    public void RejectsTheRightCodeGivenItWasReplaced()
    {
        var challenge = Issue();
        _clock.Advance(TimeSpan.FromSeconds(61));
        challenge.Replace(_clock.GetUtcNow());

        Assert.Equal(CodeCheckOutcome.Replaced, Try(challenge, "123456").Outcome);
    }

    [Fact]
    public void ReportsUsedRatherThanExpiredGivenBoth()
    {
        var challenge = Issue();
        Try(challenge, "123456");
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ChallengeState.Used, challenge.StateAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void ChangesVersionOnEveryCountedTry()
    {
        var challenge = Issue();
        var before = challenge.Version;
        Try(challenge, "000000");
        var afterMiss = challenge.Version;
        _clock.Advance(TimeSpan.FromMinutes(11));
        Try(challenge, "123456");

        Assert.Equal(before + 1, afterMiss);
        Assert.Equal(afterMiss, challenge.Version);
    }

    [Fact]
    public void HashesAreBoundToTheNumberAndTheKey()
    {
        var other = PhoneNumber.FromE164("+18187950000");
        var hash = Hasher.Hash(Phone, "123456");

        Assert.Equal(32, hash.Length);
        Assert.True(SignInCodeHasher.Matches(Hasher.Hash(Phone, "123456"), hash));
        Assert.False(SignInCodeHasher.Matches(Hasher.Hash(other, "123456"), hash));
        Assert.False(SignInCodeHasher.Matches(new SignInCodeHasher("another-secret-key-that-is-long-enough-0").Hash(Phone, "123456"), hash));
        Assert.DoesNotContain("123456", Convert.ToHexString(hash));
    }
}
