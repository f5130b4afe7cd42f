using Contestlet.Domain.Messaging;

namespace Contestlet.Web.Tests.Domain.Messaging;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    public void CountsGsm7PartsOf153GivenPlainText(int length, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(length, count.Length);
        Assert.Equal(segments, count.Segments);
    }

    [Fact]
    public void CountsExtensionCharactersTwiceGivenGsm7()
    {
        var count = SmsSegments.Count("Win {prize} for €5");

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(21, count.Length);
    }

    [Fact]
    public void NeverSplitsEscapeAcrossPartsGivenEuroAtBoundary()
    {
        // 152 letters then €: the escape pair does not fit in the first part's last septet.
        var count = SmsSegments.Count(new string('a', 152) + "€" + new string('a', 152));

        Assert.Equal(306, count.Length);
        Assert.Equal(3, count.Segments);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void CountsUcs2PartsOf67GivenNonGsmCharacter(int length, int segments)
    {
        var count = SmsSegments.Count("ł" + new string('a', length - 1));

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(segments, count.Segments);
    }

    [Fact]
    public void SwitchesToUcs2AndKeepsSurrogatePairsWholeGivenEmoji()
    {
        var text = new string('a', 66) + "🎉" + "a";

        var count = SmsSegments.Count(text);

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(69, count.Length);
        Assert.Equal(1, count.Segments);
        Assert.Equal(3, SmsSegments.Count(new string('a', 66) + "🎉" + new string('a', 66) + "🎉").Segments);
    }

    [Fact]
    public void DescribesCountForTheForm()
    {
        Assert.Equal("2 segments · 161/306 GSM-7 characters", SmsSegments.Count(new string('x', 161)).Describe());
    }
}
