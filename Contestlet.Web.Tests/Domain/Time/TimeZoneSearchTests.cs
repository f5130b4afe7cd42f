using Contestlet.Domain.Time;

namespace Contestlet.Web.Tests.Domain.Time;

/// <summary>The one zone search behind the contest form's, the import's and the profile's pickers.</summary>
public sealed class TimeZoneSearchTests
{
    [Fact]
    public void FindsZonesContainingEveryWordGivenSpacesSlashesOrUnderscores() =>
        Assert.All(new[] { "new york", "America/New_York", "america new", "NEW_YORK" },
            text => Assert.Contains("America/New_York", TimeZones.Search(text)));

    [Fact]
    public void ListsEveryZoneGivenNothingTypedOrTheCurrentChoice() =>
        Assert.Equal((TimeZones.All.Count, TimeZones.All.Count),
            (TimeZones.Search(" ").Count(), TimeZones.Search("Australia/Sydney", current: "Australia/Sydney").Count()));

    [Fact]
    public void FindsNothingGivenAWordNoZoneHas() => Assert.Empty(TimeZones.Search("york atlantis"));
}
