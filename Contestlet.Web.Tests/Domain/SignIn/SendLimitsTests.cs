using Contestlet.Domain.SignIn;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Domain.SignIn;

public sealed class SendLimitsTests
{
    private static readonly SignInRules Rules = SignInRules.Default;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly List<DateTimeOffset> _numberSends = [];
    private readonly List<DateTimeOffset> _ipSends = [];

    private DateTimeOffset Now => _clock.GetUtcNow();

    private SendDecision Evaluate() => SendLimits.Evaluate(Rules, Newest(_numberSends), Newest(_ipSends), Now);

    private static List<DateTimeOffset> Newest(List<DateTimeOffset> sends) => sends.OrderByDescending(s => s).ToList();

    /// <summary>Sends one code the way the app does: judged first, recorded only when allowed.</summary>
    private SendDecision Send()
    {
        var decision = Evaluate();
        if (decision.Allowed)
        {
            _numberSends.Add(Now);
            _ipSends.Add(Now);
        }

        return decision;
    }

    [Fact]
    public void AllowsTheFirstSend() => Assert.True(Send().Allowed);

    [Fact]
    public void RefusesASecondSendWithinSixtySecondsAndSaysWhen()
    {
        Send();
        _clock.Advance(TimeSpan.FromSeconds(18));

        var decision = Send();

        Assert.Equal(SendRefusalReason.Cooldown, decision.Refusal);
        Assert.Equal(Now.AddSeconds(42), decision.RetryAt);
        Assert.Equal("We just sent a code to this number. You can ask for a new one in 42 s.", SendLimits.Describe(decision, Rules, Now));
    }

    [Fact]
    public void AllowsASendAtExactlySixtySeconds()
    {
        Send();
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(Send().Allowed);
    }

    [Fact]
    public void RefusesTheSixthSendToANumberWithinAnHourUntilTheOldestLeavesTheWindow()
    {
        var first = Now;
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Send().Allowed);
            _clock.Advance(TimeSpan.FromMinutes(2));
        }

        var refused = Send();

        Assert.Equal(SendRefusalReason.NumberHourlyCap, refused.Refusal);
        Assert.Equal(first.AddHours(1), refused.RetryAt);
        Assert.Equal("This number has been sent 5 codes in the last hour, the most we allow. Try again in 50 min.",
            SendLimits.Describe(refused, Rules, Now));

        _clock.SetUtcNow(first.AddHours(1));
        Assert.True(Send().Allowed);
    }

    [Fact]
    public void RefusesTheTwentyFirstSendFromOneAddressWithinAnHour()
    {
        for (var i = 0; i < 20; i++)
        {
            _ipSends.Add(Now);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var decision = Evaluate();

        Assert.Equal(SendRefusalReason.IpHourlyCap, decision.Refusal);
        Assert.Equal(Now.AddMinutes(40), decision.RetryAt);
        Assert.Contains("from your network", SendLimits.Describe(decision, Rules, Now));
        Assert.Contains("Try again in 40 min.", SendLimits.Describe(decision, Rules, Now));
    }

    [Fact]
    public void IgnoresSendsOlderThanAnHour()
    {
        for (var i = 0; i < 25; i++)
        {
            _numberSends.Add(Now.AddHours(-2).AddMinutes(i));
            _ipSends.Add(Now.AddHours(-2).AddMinutes(i));
        }

        Assert.True(Evaluate().Allowed);
    }

    [Theory]
    [InlineData(0.2, "1 s")]
    [InlineData(59, "59 s")]
    [InlineData(61, "2 min")]
    [InlineData(3600, "1 h")]
    [InlineData(3900, "1 h 5 min")]
    public void RoundsWaitsUpSoNobodyRetriesTooEarly(double seconds, string expected) =>
        Assert.Equal(expected, SendLimits.Wait(Now.AddSeconds(seconds), Now));
}
