using Contestlet.Domain.Phones;

namespace Contestlet.Web.Tests.Domain.Phones;

public sealed class PhoneNumberTests
{
    private static readonly PhoneNumberPolicy Us = PhoneNumberPolicy.UsOnly;
    private static readonly PhoneNumberPolicy Development = new(["US"], AllowFictionalNumbers: true);

    [Theory]
    [InlineData("(818) 795-8204")]
    [InlineData("818.795.8204")]
    [InlineData("+1 818 795 8204")]
    [InlineData("18187958204")]
    [InlineData("8187958204")]
    [InlineData(" 818-795-8204 ")]
    public void NormalisesCommonUsSpellingsToE164(string input)
    {
        Assert.True(PhoneNumber.TryParse(input, Us, out var phone, out _));
        Assert.Equal("+18187958204", phone.E164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("123")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("(800) 555-0199")]
    [InlineData("+1 555 123 4567")]
    [InlineData("(818) 795-82041234567890123456789012")]
    public void RejectsNonUsMobileNumbersWithASpecificMessage(string input)
    {
        Assert.False(PhoneNumber.TryParse(input, Us, out _, out var error));
        Assert.Equal("That doesn't look like a US mobile number. Try something like (818) 795-8204.", error);
    }

    [Theory]
    [InlineData("+15551234567", "+15551234567")]
    [InlineData("(818) 555-0123", "+18185550123")]
    public void AcceptsFictional555NumbersOnlyWhenAllowed(string input, string e164)
    {
        Assert.True(PhoneNumber.TryParse(input, Development, out var phone, out _));
        Assert.Equal(e164, phone.E164);
    }

    [Fact]
    public void AcceptsOtherRegionsWhenConfigured()
    {
        var policy = new PhoneNumberPolicy(["US", "CA"], AllowFictionalNumbers: false);
        Assert.True(PhoneNumber.TryParse("+1 604 555 1234".Replace("555", "687", StringComparison.Ordinal), policy, out var phone, out _));
        Assert.Equal("+16046871234", phone.E164);
        Assert.False(PhoneNumber.TryParse("+16046871234", Us, out _, out _));
    }

    [Theory]
    [InlineData("+18187958204", "+1•••••8204")]
    [InlineData("(818) 795-8204", "+1•••••8204")]
    [InlineData("+447946095800", "+44•••••5800")]
    [InlineData("12", "•••")]
    [InlineData(null, "•••")]
    public void MasksAllButCountryCodeAndLastFourDigits(string? raw, string expected) => Assert.Equal(expected, PhoneNumber.Mask(raw));

    [Fact]
    public void NeverPrintsTheFullNumberThroughToString()
    {
        Assert.True(PhoneNumber.TryParse("818 795 8204", Us, out var phone, out _));
        Assert.Equal("+1•••••8204", phone.ToString());
        Assert.Equal("8204", phone.LastFour);
    }

    [Theory]
    [InlineData("+15551234567, ", "+15551234567")]
    [InlineData("1 (818) 795-8204", "+18187958204")]
    public void ParsesConfiguredNumbersInAnySpelling(string input, string expected) =>
        Assert.Equal(expected, PhoneNumber.ParseConfigured(input.TrimEnd(',', ' ')).E164);

    [Fact]
    public void RejectsConfiguredNonsenseWithoutEchoingIt()
    {
        var error = Assert.Throws<FormatException>(() => PhoneNumber.ParseConfigured("12"));
        Assert.DoesNotContain("12'", error.Message);
    }
}
