using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Fraud;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Admin.Fraud;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PhoneNumbers;
using static Contestlet.Web.Tests.Integration.Admin.AdminTestKit;
using PhoneNumber = Contestlet.Domain.Phones.PhoneNumber;

namespace Contestlet.Web.Tests.Integration.Admin.Fraud;

/// <summary>
/// docs/product.md §4 Fraud review on both databases: each signal with entries that raise it and entries that must not, computed
/// by the pass after the entries were written, explained in words, and never a disqualification on its own.
/// </summary>
public sealed class FraudReviewTests
{
    private static readonly DateTimeOffset Start = Now.AddMinutes(-50);

    private static FraudReview Review(TestDatabase database) =>
        new(new TestDbContextFactory(database), Clock(), Options.Create(new FraudOptions()), NullLogger<FraudReview>.Instance);

    private static AdminEntries Entries(TestDatabase database) => new(new TestDbContextFactory(database), Clock(),
        TestAdminAccess.Changes(new TestDbContextFactory(database), Clock()), NullLogger<AdminEntries>.Instance);

    /// <summary>Spread-out US numbers (no two within 10 of each other), so only the signal under test can fire.</summary>
    private static string Spread(int i) => $"+1415555{1000 + i * 10:0000}";

    private static async Task<Contest> ContestWithAsync(TestDatabase database, string name, params (string Phone, DateTimeOffset At, string? Ip, string? Browser)[] entries)
    {
        var contest = await SaveAsync(database, TestContests.PublishedAt(new ContestSchedule(Now.AddHours(-2), Now.AddHours(2), "America/New_York"),
            Now.AddDays(-1), name));
        await AddEntriesAsync(database, contest, entries);
        return contest;
    }

    private static async Task AddEntriesAsync(TestDatabase database, Contest contest, params (string Phone, DateTimeOffset At, string? Ip, string? Browser)[] entries)
    {
        await using var db = database.CreateContext();
        db.Attach(contest);
        foreach (var (phone, at, ip, browser) in entries)
        {
            var origin = EntryOrigin.From(ip is null ? null : System.Net.IPAddress.Parse(ip), browser);
            db.Entries.Add(contest.Admit(PhoneNumber.FromE164(phone), new EntryRequest(null, true) { Origin = origin }, at));
        }

        await db.SaveChangesAsync();
    }

    private static async Task<Dictionary<string, List<(FraudSignal Signal, string Detail)>>> SignalsByPhoneAsync(TestDatabase database, int contestId)
    {
        await using var db = database.CreateContext();
        var rows = await db.EntrySignals.AsNoTracking().Where(s => s.ContestId == contestId)
            .Join(db.Entries.AsNoTracking(), s => s.EntryId, e => e.Id, (s, e) => new { e.PhoneE164, s.Signal, s.Detail })
            .ToListAsync();
        return rows.GroupBy(r => r.PhoneE164).ToDictionary(g => g.Key, g => g.Select(r => (r.Signal, r.Detail)).ToList());
    }

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FlagsManyEntriesFromOneNetworkButNotAVenueBelowTheThreshold(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            // A venue's Wi-Fi: 15 people, 20 seconds apart (below 20 in 10 minutes). A farm: 20 entries, 25 seconds apart, in
            // two batches so the pass must look back at entries it already read.
            var venue = Enumerable.Range(0, 15).Select(i => (Spread(i), Start.AddSeconds(i * 20), (string?)$"198.51.100.{i + 1}", (string?)null)).ToArray();
            var farm = Enumerable.Range(0, 20).Select(i => (Spread(100 + i), Start.AddSeconds(i * 25), (string?)$"203.0.113.{i + 1}", (string?)null)).ToArray();
            var contest = await ContestWithAsync(database, "Stadium Giveaway", [.. venue, .. farm[..10]]);
            var review = Review(database);
            await review.ScanAsync(contest.Id, CancellationToken.None);
            Assert.Empty(await SignalsByPhoneAsync(database, contest.Id));

            await AddEntriesAsync(database, contest, farm[10..]);
            await review.ScanAsync(contest.Id, CancellationToken.None);

            var signals = await SignalsByPhoneAsync(database, contest.Id);
            Assert.Equal(farm.Select(f => f.Item1).Order(), signals.Keys.Order());
            Assert.All(signals.Values, s => Assert.Equal((FraudSignal.SharedNetwork, "20 entries came from the network 203.0.113.0/24 within 10 minutes."), Assert.Single(s)));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FlagsMachineSpeedBurstsButNotPeopleAtAHumanPace(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await ContestWithAsync(database, "Burst",
                (Spread(0), Start, "192.0.2.10", null), (Spread(1), Start.AddSeconds(2), "192.0.2.11", null), (Spread(2), Start.AddSeconds(4), "192.0.2.12", null),
                (Spread(3), Start, "2001:db8:1:2::10", null), (Spread(4), Start.AddSeconds(30), "2001:db8:1:2::11", null),
                (Spread(5), Start.AddSeconds(60), "2001:db8:1:2:ffff::1", null));
            await Review(database).ScanAsync(contest.Id, CancellationToken.None);

            var signals = await SignalsByPhoneAsync(database, contest.Id);
            Assert.Equal([Spread(0), Spread(1), Spread(2)], signals.Keys.Order());
            Assert.Equal((FraudSignal.MachineSpeed, "3 entries from the network 192.0.2.0/24 within 10 seconds: faster than a person proves a phone."),
                Assert.Single(signals[Spread(1)]));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FlagsNonMobileLineTypesButNotMobileNumbers(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var util = PhoneNumberUtil.GetInstance();
            string Example(PhoneNumberType type) => util.Format(util.GetExampleNumberForType("GB", type), PhoneNumberFormat.E164);
            var (voip, landline, mobile) = (Example(PhoneNumberType.VOIP), Example(PhoneNumberType.FIXED_LINE), Example(PhoneNumberType.MOBILE));
            var contest = await ContestWithAsync(database, "Lines",
                (voip, Start, null, null), (landline, Start.AddMinutes(5), null, null), (mobile, Start.AddMinutes(10), null, null),
                ("+14155552671", Start.AddMinutes(15), null, null));
            await Review(database).ScanAsync(contest.Id, CancellationToken.None);

            var signals = await SignalsByPhoneAsync(database, contest.Id);
            Assert.Equal([landline, voip], signals.Keys.Order());
            Assert.Equal((FraudSignal.NotMobile, "The number is a VoIP number, not a mobile line."), Assert.Single(signals[voip]));
            Assert.Equal((FraudSignal.NotMobile, "The number is a fixed (landline) number, not a mobile line."), Assert.Single(signals[landline]));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FlagsRunsOfSequentialNumbersButNotNumbersWithGaps(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await ContestWithAsync(database, "Sequence",
                ("+14155550101", Start, null, null), ("+14155550103", Start.AddMinutes(1), null, null), ("+14155550301", Start.AddMinutes(2), null, null),
                ("+14155550303", Start.AddMinutes(3), null, null), ("+14155550305", Start.AddMinutes(4), null, null));
            var review = Review(database);
            await review.ScanAsync(contest.Id, CancellationToken.None);
            Assert.Empty(await SignalsByPhoneAsync(database, contest.Id));

            // The missing middle number arrives later: the run is found around it, including the two entries read before.
            await AddEntriesAsync(database, contest, ("+14155550102", Start.AddMinutes(5), null, null));
            await review.ScanAsync(contest.Id, CancellationToken.None);

            var signals = await SignalsByPhoneAsync(database, contest.Id);
            Assert.Equal(["+14155550101", "+14155550102", "+14155550103"], signals.Keys.Order());
            Assert.Equal((FraudSignal.SequentialNumbers, "The number is part of a run of 3 consecutive numbers that entered this contest."),
                Assert.Single(signals["+14155550101"]));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FlagsNumbersDisqualifiedBeforeInAnotherContest(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var earlier = await ContestWithAsync(database, "Spring Raffle", (Spread(0), Start, null, null), (Spread(1), Start, null, null));
            await using (var db = database.CreateContext())
            {
                var entry = await db.Entries.SingleAsync(e => e.ContestId == earlier.Id && e.PhoneE164 == Spread(0));
                entry.Disqualify(earlier, "Used a bot", Now);
                await db.SaveChangesAsync();
            }

            var contest = await ContestWithAsync(database, "Summer Raffle", (Spread(0), Start, null, null), (Spread(1), Start.AddMinutes(1), null, null));
            await Review(database).ScanAsync(contest.Id, CancellationToken.None);

            var signals = await SignalsByPhoneAsync(database, contest.Id);
            Assert.Equal((FraudSignal.DisqualifiedBefore, "This number was disqualified before, in “Spring Raffle”."), Assert.Single(Assert.Single(signals).Value));
            Assert.Equal(Spread(0), signals.Keys.Single());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FlagsOneBrowserEnteringWithSeveralNumbersButNotAHouseholdOfTwo(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            const string farm = "AAAAAAAAAAAAAAAAAAAAAA", couple = "BBBBBBBBBBBBBBBBBBBBBB";
            var contest = await ContestWithAsync(database, "Browsers",
                (Spread(0), Start, null, farm), (Spread(1), Start.AddMinutes(3), null, farm), (Spread(2), Start.AddMinutes(6), null, farm),
                (Spread(3), Start, null, couple), (Spread(4), Start.AddMinutes(4), null, couple));
            await Review(database).ScanAsync(contest.Id, CancellationToken.None);

            var signals = await SignalsByPhoneAsync(database, contest.Id);
            Assert.Equal([Spread(0), Spread(1), Spread(2)], signals.Keys.Order());
            Assert.Equal((FraudSignal.SharedBrowser, "One browser entered this contest with 3 different numbers."), Assert.Single(signals[Spread(2)]));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FlaggedFilterShowsReasonsAndBulkDisqualifiesWithOneAuditedReasonBeforeTheDrawOnly(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            const string farm = "CCCCCCCCCCCCCCCCCCCCCC";
            var contest = await ContestWithAsync(database, "Review",
                (Spread(0), Start, null, farm), (Spread(1), Start.AddMinutes(1), null, farm), (Spread(2), Start.AddMinutes(2), null, farm),
                (Spread(3), Start.AddMinutes(3), null, null));
            var review = Review(database);
            await review.ScanAllAsync(CancellationToken.None);
            var entries = Entries(database);

            // Signals alone change nothing: every entry is still in the pool.
            var flagged = await entries.PageAsync(contest.Id, new EntryQuery(0, 25, FlaggedOnly: true), CancellationToken.None);
            Assert.Equal(3, flagged.Total);
            Assert.All(flagged.Rows, r => Assert.False(r.Disqualified));
            Assert.All(flagged.Rows, r => Assert.Equal(["One browser entered this contest with 3 different numbers."], r.Signals));
            Assert.Equal(3, await entries.FlaggedInPoolAsync(contest.Id, CancellationToken.None));
            Assert.DoesNotContain((await entries.PageAsync(contest.Id, new EntryQuery(0, 25), CancellationToken.None)).Rows, r => r.Disqualified);

            var chosen = flagged.Rows.Take(2).Select(r => r.Id).ToList();
            Assert.Equal(2, await entries.DisqualifyManyAsync(contest.Id, chosen, "Entry farm on one browser", Dana, CancellationToken.None).DoneAsync());
            Assert.Equal(1, await entries.FlaggedInPoolAsync(contest.Id, CancellationToken.None));
            await using (var db = database.CreateContext())
            {
                var audit = await db.AuditLog.AsNoTracking().Where(a => a.ContestId == contest.Id && a.Action == AuditAction.EntryDisqualified).ToListAsync();
                Assert.Equal(2, audit.Count);
                Assert.All(audit, a => Assert.EndsWith(": Entry farm on one browser", a.Detail));
                Assert.All(audit, a => Assert.DoesNotContain(Spread(0)[2..], a.Detail));
                DateTimeOffset? drawnAt = Now;
                await db.Contests.Where(c => c.Id == contest.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.DrawnAt, drawnAt));
            }

            var afterDraw = await entries.DisqualifyManyAsync(contest.Id, [flagged.Rows[2].Id], "Too late", Dana, CancellationToken.None).RefusedAsync();
            Assert.Contains("drawn", afterDraw);
            Assert.Equal(1, await entries.FlaggedInPoolAsync(contest.Id, CancellationToken.None));
        });
}
