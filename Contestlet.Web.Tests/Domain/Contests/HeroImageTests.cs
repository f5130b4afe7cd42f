using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;

namespace Contestlet.Web.Tests.Domain.Contests;

public sealed class HeroImageTests
{
    [Theory]
    [InlineData(4000, new[] { 480, 960, 1600 })]
    [InlineData(1600, new[] { 480, 960, 1600 })]
    [InlineData(1000, new[] { 480, 960, 1000 })]
    [InlineData(960, new[] { 480, 960 })]
    [InlineData(481, new[] { 480, 481 })]
    [InlineData(300, new[] { 300 })]
    public void MakesWebWidthsNeverWiderThanTheImage(int width, int[] expected) =>
        Assert.Equal(expected, HeroImage.WidthsFor(width));

    [Fact]
    public void KeepsTheAspectRatioInEachRendition() =>
        Assert.Equal((288, 1), (HeroImage.HeightFor(480, 2000, 1200), HeroImage.HeightFor(480, 4000, 2)));

    [Fact]
    public void AContestShowsAndDropsAnUploadedImage()
    {
        var contest = AdminContestBuilder.Draft();
        var now = contest.CreatedAt.AddMinutes(5);
        var image = new HeroImage(new string('c', HeroImage.HashLength), 1600, 900);

        contest.SetHeroImage(image, now);
        Assert.Equal((image, now), (contest.HeroImage, contest.UpdatedAt));

        contest.SetHeroImage(null, now.AddMinutes(1));
        Assert.Null(contest.HeroImage);
        Assert.Null(contest.HeroImageHash);
    }

    [Theory]
    [InlineData("not-a-hash", 100, 100)]
    [InlineData("CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", 100, 100)]
    [InlineData("cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", 0, 100)]
    public void RefusesAnImageWithoutAHashOrSize(string hash, int width, int height) =>
        Assert.Throws<DomainRuleException>(() => AdminContestBuilder.Draft().SetHeroImage(new HeroImage(hash, width, height), DateTimeOffset.UnixEpoch));
}
