using Contestlet.Domain.Contests;

namespace Contestlet.Web.Tests.Domain.Contests;

public sealed class ContestCodeTests
{
    [Fact]
    public void GeneratesDistinctCodesFromTheUnambiguousAlphabet()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => ContestCode.New().Value).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, code =>
        {
            Assert.Equal(ContestCode.Length, code.Length);
            Assert.DoesNotContain(code, c => "01ilo".Contains(c));
        });
    }

    [Theory]
    [InlineData(" P58NSSV4 ", "p58nssv4")]
    [InlineData("p58nssv4", "p58nssv4")]
    public void ParsesCodesInAnyCase(string input, string expected)
    {
        Assert.True(ContestCode.TryParse(input, out var code));
        Assert.Equal(expected, code.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("p58nss!4")]
    [InlineData("l0l0l0l0")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaa")]
    public void RejectsMalformedCodes(string? input) => Assert.False(ContestCode.TryParse(input, out _));
}
