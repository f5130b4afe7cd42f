using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Features.Winners;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Entries;

public sealed class EntryServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly EntryRequest Confirmed = new(null, true);

    private static EntryService Service(TestDatabase database, FakeTimeProvider time) =>
        TestServices.Entries(database, time);

    private static async Task<Contest> SaveAsync(TestDatabase database, Contest contest)
    {
        await using var db = database.CreateContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }

    private static PhoneNumber Phone(int n) => PhoneNumber.FromE164($"+1818795{n:0000}");

    private static EntryService ServiceDrawing(TestDatabase database, params string[] references)
    {
        var next = new Queue<string>(references);
        return new EntryService(new TestDbContextFactory(database), new FakeTimeProvider(Now),
            new ClaimTokenProtector(new EphemeralDataProtectionProvider()), NullLogger<EntryService>.Instance,
            () => next.Count > 0 ? next.Dequeue() : Entry.NewReference());
    }

    private static async Task<Contest> ContestHoldingReferenceAsync(TestDatabase database, string reference)
    {
        var other = await SaveAsync(database, TestContests.Active(Now, name: "Other Contest"));
        var taken = other.AdmitUnchecked(Phone(1), Confirmed, Now);
        taken.ReplaceReference(reference);
        await using var db = database.CreateContext();
        db.Entries.Add(taken);
        await db.SaveChangesAsync();
        return other;
    }

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DrawsAnotherReferenceGivenTheFirstIsTakenByAnotherContestsEntry(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await ContestHoldingReferenceAsync(database, "E-AAAAAAAA");
            var contest = await SaveAsync(database, TestContests.Active(Now));

            var outcome = await ServiceDrawing(database, "E-AAAAAAAA", "E-BBBBBBBB").EnterAsync(contest.Code, Phone(8204), Confirmed, CancellationToken.None);

            Assert.Equal(EntryResult.Accepted, outcome.Result);
            Assert.Equal("E-BBBBBBBB", outcome.Entry!.Reference);
            await using var db = database.CreateContext();
            Assert.Equal(["E-BBBBBBBB"], await db.Entries.Where(e => e.ContestId == contest.Id).Select(e => e.Reference).ToListAsync());
            Assert.Equal(1, (await db.Contests.SingleAsync(c => c.Id == contest.Id)).EntryCount);
        });

    [Fact]
    public Task GivesUpAndChangesNothingGivenEveryReferenceDrawnIsTaken() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            await ContestHoldingReferenceAsync(database, "E-AAAAAAAA");
            var contest = await SaveAsync(database, TestContests.Active(Now));

            await Assert.ThrowsAsync<DbUpdateException>(() =>
                ServiceDrawing(database, "E-AAAAAAAA", "E-AAAAAAAA", "E-AAAAAAAA").EnterAsync(contest.Code, Phone(8204), Confirmed, CancellationToken.None));

            await using var db = database.CreateContext();
            Assert.Equal(0, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
            Assert.Equal(0, (await db.Contests.SingleAsync(c => c.Id == contest.Id)).EntryCount);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CreatesExactlyOneEntryGivenFiftyConcurrentAttemptsByOnePerson(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, TestContests.Active(Now));
            var service = Service(database, new FakeTimeProvider(Now));

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
                Task.Run(() => service.EnterAsync(contest.Code, Phone(8204), Confirmed, CancellationToken.None))));

            Assert.Single(outcomes, o => o.Result == EntryResult.Accepted);
            Assert.Equal(49, outcomes.Count(o => o.Result == EntryResult.AlreadyEntered));
            Assert.Single(outcomes.Select(o => o.Entry!.Reference).Distinct());
            await using var db = database.CreateContext();
            Assert.Equal(1, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
            Assert.Equal(1, (await db.Contests.SingleAsync(c => c.Id == contest.Id)).EntryCount);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CreatesExactlyTheCapGivenTwoHundredConcurrentContestants(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, TestContests.Active(Now, eligibility: new Eligibility { TotalEntryCap = 100 }));
            var service = Service(database, new FakeTimeProvider(Now));

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
                Task.Run(() => service.EnterAsync(contest.Code, Phone(i), Confirmed, CancellationToken.None))));

            Assert.Equal(100, outcomes.Count(o => o.Result == EntryResult.Accepted));
            Assert.All(outcomes.Where(o => o.Result != EntryResult.Accepted),
                o => Assert.Equal(EntryRefusalReason.CapReached, o.Refusal!.Reason));
            await using var db = database.CreateContext();
            Assert.Equal(100, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
            Assert.Equal(100, (await db.Contests.SingleAsync(c => c.Id == contest.Id)).EntryCount);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task AllowsOneEntryPerContestDayResettingAtLocalMidnight(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            // 2026-11-24 23:30 in New York (EST) is 2026-11-25 04:30 UTC; midnight there is 05:00 UTC.
            var lateEvening = new DateTimeOffset(2026, 11, 25, 4, 30, 0, TimeSpan.Zero);
            var contest = await SaveAsync(database, TestContests.PublishedAt(
                new ContestSchedule(lateEvening.AddDays(-1), lateEvening.AddDays(3), "America/New_York"), lateEvening.AddDays(-2),
                eligibility: new Eligibility { Frequency = EntryFrequency.OncePerDay }));
            var time = new FakeTimeProvider(lateEvening);
            var service = Service(database, time);

            Assert.Equal(EntryResult.Accepted, (await service.EnterAsync(contest.Code, Phone(1), Confirmed, default)).Result);
            var again = await service.EnterAsync(contest.Code, Phone(1), Confirmed, default);
            Assert.Equal(EntryResult.AlreadyEntered, again.Result);

            time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero));
            var nextDay = await service.EnterAsync(contest.Code, Phone(1), Confirmed, default);
            Assert.Equal(EntryResult.Accepted, nextDay.Result);
            Assert.Equal("2026-11-25", nextDay.Entry!.PeriodKey);
        });

    [Fact]
    public Task ReportsAlreadyEnteredBeforeCapReached() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var contest = await SaveAsync(database, TestContests.Active(Now, eligibility: new Eligibility { TotalEntryCap = 1 }));
            var service = Service(database, new FakeTimeProvider(Now));

            var first = await service.EnterAsync(contest.Code, Phone(1), Confirmed, default);
            var same = await service.EnterAsync(contest.Code, Phone(1), Confirmed, default);
            var other = await service.EnterAsync(contest.Code, Phone(2), Confirmed, default);

            Assert.Equal(EntryResult.Accepted, first.Result);
            Assert.Equal(EntryResult.AlreadyEntered, same.Result);
            Assert.Equal(first.Entry!.Reference, same.Entry!.Reference);
            Assert.Equal(EntryRefusalReason.CapReached, other.Refusal!.Reason);
        });

    [Theory]
    [InlineData("unknown", EntryRefusalReason.NotFound)]
    [InlineData("deleted", EntryRefusalReason.NotFound)]
    [InlineData("upcoming", EntryRefusalReason.NotOpenYet)]
    [InlineData("ended", EntryRefusalReason.Ended)]
    [InlineData("state", EntryRefusalReason.StateNotEligible)]
    [InlineData("unconfirmed", EntryRefusalReason.ConfirmationMissing)]
    public Task RefusesWithTheRuleThatFailedAndChangesNothing(string situation, EntryRefusalReason expected) =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var contest = situation switch
            {
                "upcoming" => TestContests.Upcoming(Now),
                "ended" => TestContests.Ended(Now),
                "state" => TestContests.Active(Now, eligibility: new Eligibility { Scope = RegionScope.ListedStates, States = ["NY"] }),
                _ => TestContests.Active(Now),
            };
            await SaveAsync(database, contest);
            if (situation == "deleted")
            {
                await using var db = database.CreateContext();
                await db.Contests.Where(c => c.Id == contest.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, Now));
            }

            var request = situation switch
            {
                "state" => new EntryRequest("CA", true),
                "unconfirmed" => new EntryRequest(null, false),
                _ => Confirmed,
            };
            var outcome = await Service(database, new FakeTimeProvider(Now))
                .EnterAsync(situation == "unknown" ? "zzzzzzzz" : contest.Code, Phone(1), request, default);

            Assert.Equal(EntryResult.Refused, outcome.Result);
            Assert.Equal(expected, outcome.Refusal!.Reason);
            await using var check = database.CreateContext();
            Assert.Equal(0, await check.Entries.IgnoreQueryFilters().CountAsync());
            Assert.Equal(0, (await check.Contests.IgnoreQueryFilters().SingleAsync()).EntryCount);
        });
}
