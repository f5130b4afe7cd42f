using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Fraud;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin.Dashboard;
using Contestlet.Web.Features.Admin.Fraud;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Admin;

/// <summary>docs/product.md §4 Dashboard on both databases: entries per day in the admin's zone from the rollup plus the unread tail, and the attention list.</summary>
public sealed class DashboardInsightsTests
{
    // New York falls back on 2026-11-01: Oct 31 ends at 04:00Z (EDT), Nov 1 at 05:00Z (EST) and is 25 hours long.
    private static readonly DateTimeOffset Now = new(2026, 11, 5, 17, 0, 0, TimeSpan.Zero);  // Nov 5, 12 PM EST

    private static int _nextPhone = 100;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CountsEntriesPerDayInTheAdminsZoneAcrossTheFallBack(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var clock = new FakeTimeProvider(Now);
            // The contest runs in Los Angeles: the dashboard's days are the admin's (New York), not the contest's.
            var contest = TestContests.PublishedAt(new ContestSchedule(Utc(10, 20, 0, 0), Utc(11, 10, 0, 0), "America/Los_Angeles"), Utc(10, 19, 0, 0), "Fall Back");
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            await EnterAsync(database, contest,
                Utc(10, 23, 3, 59),   // Oct 22, 11:59 PM EDT: the day before the fourteen
                Utc(10, 23, 4, 0),    // Oct 23, 12:00 AM EDT: the first of the fourteen
                Utc(11, 1, 3, 30),    // Oct 31, 11:30 PM EDT
                Utc(11, 1, 4, 30),    // Nov 1, 12:30 AM EDT
                Utc(11, 1, 6, 30));   // Nov 1, 1:30 AM EST (the second 1 AM)
            var pass = new FraudReview(new TestDbContextFactory(database), clock, Options.Create(new FraudOptions()), NullLogger<FraudReview>.Instance);
            Assert.Equal(5, await pass.ScanAsync(contest.Id, CancellationToken.None));

            // After the pass: counted from the entries themselves until the next one.
            await EnterAsync(database, contest,
                Utc(11, 2, 4, 30),    // Nov 1, 11:30 PM EST: still Nov 1, the 25-hour day
                Utc(11, 2, 5, 0),     // Nov 2, 12:00 AM EST
                Utc(11, 5, 16, 0));   // today, 11 AM EST

            var insights = new DashboardInsights(new TestDbContextFactory(database), clock);
            var insight = await insights.LoadAsync("America/New_York", CancellationToken.None);

            Assert.Equal(14, insight.Days.Count);
            Assert.Equal(("Fri, Oct 23", "Thu, Nov 5"), (insight.Days[0].Label, insight.Days[^1].Label));
            var counts = insight.Days.Where(d => d.Entries > 0).Select(d => (d.Label, d.Entries)).ToList();
            Assert.Equal([("Fri, Oct 23", 1), ("Sat, Oct 31", 1), ("Sun, Nov 1", 3), ("Mon, Nov 2", 1), ("Thu, Nov 5", 1)], counts);
            Assert.Equal(("Fall Back", 8), (insight.Running.Single().Name, insight.Running.Single().Entries));

            // The pass folds the tail into the rollup: the same days.
            Assert.Equal(3, await pass.ScanAsync(contest.Id, CancellationToken.None));
            var again = await insights.LoadAsync("America/New_York", CancellationToken.None);
            Assert.Equal(counts, again.Days.Where(d => d.Entries > 0).Select(d => (d.Label, d.Entries)).ToList());

            // In Los Angeles (still on PDT until 09:00Z) the entries at 03:30Z, 04:30Z and 06:30Z are all Oct 31 evening.
            var losAngeles = await insights.LoadAsync("America/Los_Angeles", CancellationToken.None);
            Assert.Equal(3, losAngeles.Days.Single(d => d.Label == "Sat, Oct 31").Entries);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ListsWhatNeedsAttentionEachWithWhereItIsHandled(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var clock = new FakeTimeProvider(Now);
            var empty = await new DashboardInsights(new TestDbContextFactory(database), clock).LoadAsync("America/New_York", CancellationToken.None);
            Assert.Empty(empty.Attention);
            Assert.False(empty.HasActivity);

            var ended = TestContests.Ended(Now, name: "Ended Undrawn");
            var running = TestContests.Active(Now, name: "Running Flagged");
            var phone = PhoneNumber.FromE164("+18187950001");
            await using (var db = database.CreateContext())
            {
                db.Contests.AddRange(ended, running);
                await db.SaveChangesAsync();
                var flagged = running.Admit(phone, new EntryRequest(null, true), Now.AddMinutes(-30));
                var cleared = running.Admit(PhoneNumber.FromE164("+18187950002"), new EntryRequest(null, true), Now.AddMinutes(-20));
                db.Entries.AddRange(flagged, cleared);
                await db.SaveChangesAsync();
                db.EntrySignals.Add(new EntrySignal(flagged.Id, running.Id, FraudSignal.SharedNetwork, "Many entries from one network.", Now));
                db.EntrySignals.Add(new EntrySignal(flagged.Id, running.Id, FraudSignal.MachineSpeed, "Machine speed.", Now));

                var failed = Notification.Queue(NotificationType.Announcement, phone, "Hi", Now.AddHours(-2), "admin", running.Id);
                failed.BeginAttempt("worker", Now.AddHours(-2), TimeSpan.FromMinutes(5));
                failed.MarkFailedPermanently("21211", "Invalid number", Now.AddHours(-2));
                db.Notifications.Add(failed);
                db.Notifications.Add(Notification.Queue(NotificationType.Announcement, phone, "Late", Now.AddMinutes(-10), "admin", running.Id));
                db.Notifications.Add(Notification.Queue(NotificationType.Announcement, phone, "Just queued", Now.AddMinutes(-1), "admin", running.Id));
                await db.SaveChangesAsync();
            }

            var insight = await new DashboardInsights(new TestDbContextFactory(database), clock).LoadAsync("America/New_York", CancellationToken.None);

            Assert.Equal(
                [
                    (AttentionKind.FailedTexts, "1 failed text to retry", "/admin/notifications?status=Failed"),
                    (AttentionKind.OutboxBacklog, "1 text waiting in the outbox for more than 5 minutes", "/admin/notifications?status=Queued"),
                    (AttentionKind.NotDrawn, $"Ended Undrawn ended {Contestlet.Domain.Time.TimeZones.Format(ended.Schedule.EndsAt, "America/New_York")} and is not drawn yet",
                        $"/admin/contests/{ended.Id}/draw"),
                    (AttentionKind.FlaggedEntries, "Running Flagged: 1 flagged entry to review", $"/admin/contests/{running.Id}/entries?flagged=true"),
                ],
                insight.Attention.Select(a => (a.Kind, a.Text, a.Href)));
            Assert.Equal(1, insight.Days[^1].SmsFailed);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CountsEachContestsUnreadEntriesOnceGivenEntriesInterleavedAcrossContests(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var clock = new FakeTimeProvider(Now);
            var schedule = new ContestSchedule(Utc(10, 20, 0, 0), Utc(11, 10, 0, 0), "America/New_York");
            var first = TestContests.PublishedAt(schedule, Utc(10, 19, 0, 0), "First");
            var second = TestContests.PublishedAt(schedule, Utc(10, 19, 0, 0), "Second");
            var never = TestContests.PublishedAt(schedule, Utc(10, 19, 0, 0), "Never Scanned");
            await using (var db = database.CreateContext())
            {
                db.Contests.AddRange(first, second, never);
                await db.SaveChangesAsync();
            }

            // Ids interleave: the second contest's mark ends below entries of the first that the pass has read.
            await EnterAsync(database, first, Utc(11, 2, 15, 0));
            await EnterAsync(database, second, Utc(11, 2, 15, 0));
            await EnterAsync(database, first, Utc(11, 3, 15, 0));
            var pass = new FraudReview(new TestDbContextFactory(database), clock, Options.Create(new FraudOptions()), NullLogger<FraudReview>.Instance);
            Assert.Equal(2, await pass.ScanAsync(first.Id, CancellationToken.None));
            Assert.Equal(1, await pass.ScanAsync(second.Id, CancellationToken.None));
            await EnterAsync(database, second, Utc(11, 3, 15, 0));
            await EnterAsync(database, first, Utc(11, 4, 15, 0));
            await EnterAsync(database, never, Utc(11, 4, 15, 0));

            var insight = await new DashboardInsights(new TestDbContextFactory(database), clock).LoadAsync("America/New_York", CancellationToken.None);

            Assert.Equal([("Mon, Nov 2", 2), ("Tue, Nov 3", 2), ("Wed, Nov 4", 2)],
                insight.Days.Where(d => d.Entries > 0).Select(d => (d.Label, d.Entries)).ToList());
        });

    private static async Task EnterAsync(TestDatabase database, Contest contest, params DateTimeOffset[] times)
    {
        await using var db = database.CreateContext();
        db.Attach(contest);
        foreach (var at in times)
        {
            db.Entries.Add(contest.Admit(PhoneNumber.FromE164($"+1415555{Interlocked.Increment(ref _nextPhone):0000}"), new EntryRequest(null, true), at));
        }

        await db.SaveChangesAsync();
    }
}
