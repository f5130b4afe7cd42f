using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Admin.Fraud;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Admin.Contests;

/// <summary>docs/product.md §4 Contest hub on both databases: the chart, people and sources from the rollup plus the unread tail.</summary>
public sealed class ContestInsightsTests
{
    // New York falls back on 2026-11-01: 1:00–2:00 AM happens twice, first EDT (05:00Z) then EST (06:00Z).
    private static readonly DateTimeOffset Opens = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);   // Oct 31, 10 PM EDT
    private static readonly DateTimeOffset Closes = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);  // Nov 1, 4 AM EST

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CountsEntriesPerLocalHourAcrossTheFallBackAndPeopleAndSources(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var clock = new FakeTimeProvider(Closes.AddHours(1));
            var contest = TestContests.PublishedAt(new ContestSchedule(Opens, Closes, "America/New_York"), Opens.AddDays(-1), "Halloween Night",
                new Eligibility { Frequency = EntryFrequency.OncePerDay });
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            // The same person enters on Oct 31 (local) and again on Nov 1: two entries, one person.
            await EnterAsync(database, contest, ("+14155550100", "03:10", EntrySource.Web), ("+14155550100", "04:30", EntrySource.Web),
                ("+14155550200", "05:15", EntrySource.Sms), ("+14155550300", "05:45", EntrySource.Web));
            var pass = new FraudReview(new TestDbContextFactory(database), clock, Options.Create(new FraudOptions()), NullLogger<FraudReview>.Instance);
            Assert.Equal(4, await pass.ScanAsync(contest.Id, CancellationToken.None));

            // Two more after the pass: the hub counts them from the entries themselves until the next pass.
            await EnterAsync(database, contest, ("+14155550400", "06:15", EntrySource.Web), ("+14155550500", "07:30", EntrySource.Sms));
            var insights = new ContestInsights(new TestDbContextFactory(database), clock);
            var hub = await insights.HubAsync(contest.Id, CancellationToken.None) ?? throw new InvalidOperationException("No hub.");

            Assert.Equal((6, 5), (hub.Entries, hub.People));
            Assert.Equal([new Breakdown("Web", 4), new Breakdown("SMS", 2)], hub.BySource);
            Assert.Equal("hour", hub.Chart.Unit);
            Assert.Equal(7, hub.Chart.Points.Count);
            Assert.Equal(
                [("Oct 31, 10 PM EDT", 0), ("Oct 31, 11 PM EDT", 1), ("Nov 1, 12 AM EDT", 1), ("Nov 1, 1 AM EDT", 2), ("Nov 1, 1 AM EST", 1),
                 ("Nov 1, 2 AM EST", 1), ("Nov 1, 3 AM EST", 0)],
                hub.Chart.Points.Select(p => (p.Label, p.Entries)));

            // A second pass folds the tail into the rollup; the numbers stay the same.
            Assert.Equal(2, await pass.ScanAsync(contest.Id, CancellationToken.None));
            var again = await insights.HubAsync(contest.Id, CancellationToken.None);
            Assert.Equal(hub.Chart.Points.Select(p => p.Entries), again!.Chart.Points.Select(p => p.Entries));
            Assert.Equal((6, 5), (again.Entries, again.People));
        });

    [Fact]
    public void ChartsLongContestsPerLocalDay()
    {
        var contest = TestContests.PublishedAt(new ContestSchedule(Opens, Opens.AddDays(5), "America/New_York"), Opens.AddDays(-1));
        var chart = ContestInsights.Chart(contest, [new SlotCount(Opens.AddHours(1), EntrySource.Web, "", 3, 3), new SlotCount(Opens.AddHours(3), EntrySource.Web, "", 2, 2)],
            Opens.AddDays(2));
        Assert.Equal("day", chart.Unit);
        Assert.Equal([("Sat, Oct 31", 3), ("Sun, Nov 1", 2), ("Mon, Nov 2", 0)], chart.Points.Select(p => (p.Label, p.Entries)));
    }

    private static async Task EnterAsync(TestDatabase database, Contest contest, params (string Phone, string UtcTime, EntrySource Source)[] entries)
    {
        await using var db = database.CreateContext();
        db.Attach(contest);
        foreach (var (phone, utc, source) in entries)
        {
            var at = new DateTimeOffset(2026, 11, 1, int.Parse(utc[..2], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(utc[3..], System.Globalization.CultureInfo.InvariantCulture), 0, TimeSpan.Zero);
            db.Entries.Add(contest.Admit(PhoneNumber.FromE164(phone), new EntryRequest(null, true, source), at));
        }

        await db.SaveChangesAsync();
    }
}
