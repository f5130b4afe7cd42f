using System.Collections.Concurrent;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Features.Winners;
using Contestlet.Web.Tests.Integration.Draws;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Contestlet.Web.Tests.Integration.Entries;

/// <summary>
/// Issue 13 item 6: an entry whose checks passed before a draw or cancellation but whose write comes after it is refused
/// by the write itself, so nobody is told "You're in" for a contest already drawn, and the published entry list always
/// matches the draw (the verifier passes).
/// </summary>
public sealed class EntryDrawRaceTests
{
    private static readonly AdminActor Admin = new("+15551234567", "Dana");
    private static readonly EntryRequest Confirmed = new(null, true);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesAnEntryWhoseWriteComesJustAfterTheDraw(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await AddAsync(app, TestContests.Active(app.Time.GetUtcNow()), entries: 5);
            // The entry's checks pass while the contest is open; the contest then ends and is drawn before the entry's write.
            var entries = EntriesWith(app, () =>
            {
                app.Time.Advance(TimeSpan.FromHours(6));
                DrawAsync(app, contest.Id).GetAwaiter().GetResult();
            });

            var outcome = await entries.EnterAsync(contest.Code, Phone(99), Confirmed, CancellationToken.None);

            Assert.Equal(EntryResult.Refused, outcome.Result);
            await using var db = app.CreateDbContext();
            Assert.False(await db.Entries.AnyAsync(e => e.PhoneE164 == Phone(99).E164));
            Assert.Equal(5, (await db.Contests.SingleAsync(c => c.Id == contest.Id)).EntryCount);
            await AssertVerifiesAsync(app, contest.Id, contest.Code, expectedEntries: 5);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesAnEntryWhoseWriteComesJustAfterACancellation(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await AddAsync(app, TestContests.Active(app.Time.GetUtcNow()), entries: 2);
            var entries = EntriesWith(app, () =>
            {
                using var scope = app.Services.CreateScope();
                var cancelled = scope.ServiceProvider.GetRequiredService<AdminContests>()
                    .CancelAsync(contest.Id, "Sponsor pulled out", Admin, CancellationToken.None).GetAwaiter().GetResult();
                Assert.True(cancelled.Succeeded, cancelled.Error);
            });

            var outcome = await entries.EnterAsync(contest.Code, Phone(98), Confirmed, CancellationToken.None);

            Assert.Equal(EntryResult.Refused, outcome.Result);
            Assert.Contains("cancelled", outcome.Refusal!.Message, StringComparison.OrdinalIgnoreCase);
            await using var db = app.CreateDbContext();
            Assert.Equal(2, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task PublishedEntryListMatchesTheDrawGivenEntriesRacingIt(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            const int entrants = 16;
            var contest = await AddAsync(app, TestContests.Active(app.Time.GetUtcNow()), entries: 10);
            var reachedWrite = 0;
            var drawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Every entrant passes its checks while the contest is open. The sixth to reach its write ends the contest and
            // draws; the others write before, during or after the draw, as real traffic would.
            var entries = EntriesWith(app, () =>
            {
                if (Interlocked.Increment(ref reachedWrite) == 6)
                {
                    app.Time.Advance(TimeSpan.FromHours(6));
                    DrawAsync(app, contest.Id).GetAwaiter().GetResult();
                    drawn.SetResult();
                }
            });
            var outcomes = new ConcurrentBag<(PhoneNumber Phone, EntryOutcome Outcome)>();
            var racing = Enumerable.Range(0, entrants).Select(i => Task.Run(async () =>
            {
                await start.Task;
                outcomes.Add((Phone(i), await entries.EnterAsync(contest.Code, Phone(i), Confirmed, CancellationToken.None)));
            })).ToList();

            start.SetResult();
            await Task.WhenAll(racing);
            await drawn.Task;

            await using var db = app.CreateDbContext();
            var stored = await db.Entries.Where(e => e.ContestId == contest.Id).Select(e => e.Id).ToListAsync();
            var published = await PublishedIdsAsync(app, contest.Code);
            Assert.Equal(stored.Order(), published.Order());
            var accepted = outcomes.Where(o => o.Outcome.Result == EntryResult.Accepted).Select(o => o.Outcome.Entry!.Id).ToList();
            Assert.All(accepted, id => Assert.Contains(id, published));
            Assert.Contains(outcomes, o => o.Outcome.Result == EntryResult.Refused);
            Assert.Equal(stored.Count, (await db.Contests.SingleAsync(c => c.Id == contest.Id)).EntryCount);
            await AssertVerifiesAsync(app, contest.Id, contest.Code, expectedEntries: stored.Count);
        });

    /// <summary>An entry service over the app's database and clock that runs <paramref name="beforeWrite"/> just before each entry's write.</summary>
    private static EntryService EntriesWith(ContestletAppFactory app, Action beforeWrite) =>
        new(new TestDbContextFactory(app.Database), app.Time, new ClaimTokenProtector(new EphemeralDataProtectionProvider()),
            NullLogger<EntryService>.Instance, () =>
            {
                beforeWrite();
                return Entry.NewReference();
            });

    private static async Task<Contest> AddAsync(ContestletAppFactory app, Contest contest, int entries)
    {
        await using var db = app.CreateDbContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        for (var i = 0; i < entries; i++)
        {
            db.Entries.Add(contest.Admit(PhoneNumber.FromE164($"+1555010{i:0000}"), Confirmed, app.Time.GetUtcNow()));
        }

        await db.SaveChangesAsync();
        return contest;
    }

    private static async Task DrawAsync(ContestletAppFactory app, int contestId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DrawService>().DrawAsync(contestId, Admin, CancellationToken.None).DoneAsync();
    }

    private static async Task<List<long>> PublishedIdsAsync(ContestletAppFactory app, string code) =>
        (await app.CreateClient().GetStringAsync(DrawEndpoints.EntriesPath(code)))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();

    /// <summary>Runs the public verifier on the published entry list and the stored draw.</summary>
    private static async Task AssertVerifiesAsync(ContestletAppFactory app, int contestId, string code, int expectedEntries)
    {
        await using var db = app.CreateDbContext();
        var draw = await db.Draws.SingleAsync(d => d.ContestId == contestId);
        var commitment = (await db.Contests.SingleAsync(c => c.Id == contestId)).SeedCommitment!;
        var file = Path.Combine(Path.GetTempPath(), $"contestlet-race-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, await app.CreateClient().GetStringAsync(DrawEndpoints.EntriesPath(code)));
        try
        {
            var run = VerifyDrawCommandTests.Run(
                "--seed", draw.Seed, "--commitment", commitment, "--entries", file,
                "--winners", $"{draw.WinnerCount}", "--alternates", $"{draw.AlternateCount}",
                "--expect-winners", string.Join(',', draw.Winners), "--expect-alternates", string.Join(',', draw.Alternates),
                "--entry-list-hash", draw.EntryListHash, "--algorithm", draw.Algorithm);
            Assert.True(run.ExitCode == VerifyDrawCommand.Verified, run.Output);
            Assert.Contains($"entries           {expectedEntries}", run.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static PhoneNumber Phone(int n) => PhoneNumber.FromE164($"+1818795{n:0000}");
}
