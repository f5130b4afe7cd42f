using Contestlet.Domain.SignIn;

namespace Contestlet.Web.Tests.Domain.SignIn;

public sealed class OneTimeCodeTests
{
    [Fact]
    public void GeneratesSixDigitCodesCoveringTheWholeRange()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => OneTimeCode.Generate()).ToList();

        Assert.All(codes, code => Assert.Matches("^[0-9]{6}$", code));
        Assert.True(codes.Distinct().Count() > 1900);
        Assert.Contains(codes, code => code[0] == '0');
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("012345", "012345")]
    public void NormalisesTypedCodes(string input, string expected)
    {
        Assert.True(OneTimeCode.TryNormalize(input, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("１２３４５６")]
    public void RejectsAnythingButSixDigits(string? input) => Assert.False(OneTimeCode.TryNormalize(input, out _));
}
