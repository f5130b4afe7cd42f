using Contestlet.Domain.Phones;
using Contestlet.Domain.SignIn;
using Contestlet.Web.Features.SignIn;
using Contestlet.Web.Infrastructure.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.SignIn;

public sealed class SignInPruningTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly PhoneNumber Phone = PhoneNumber.FromE164("+18187958204");

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DeletesLedgerRowsOlderThanTwoDaysAndChallengesExpiredOverADayAgo(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var time = new FakeTimeProvider(Now - TimeSpan.FromDays(3));
            var lifetime = SignInRules.Default.CodeLifetime;
            await using (var db = database.CreateContext())
            {
                // Ledger rows by age at Now; sequence numbers ascend with time as the ledger writes them.
                TimeSpan[] ages = [TimeSpan.FromDays(3), TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1), TimeSpan.FromDays(2), TimeSpan.FromHours(1)];
                db.SendLedger.AddRange(ages.Select((age, i) => new SendLedgerEntry("sign-in", "+18187958204", i + 1, Now - age)));

                // Challenges by how long ago they expired at Now (negative: still valid).
                TimeSpan[] expiredAgo = [TimeSpan.FromDays(2), TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), TimeSpan.FromMinutes(5), -TimeSpan.FromMinutes(5)];
                db.SignInChallenges.AddRange(expiredAgo.Select(ago => SignInChallenge.Issue(Phone, new byte[32], Now - ago - lifetime, SignInRules.Default)));
                await db.SaveChangesAsync();
            }

            var pruner = new SignInPruner(new TestDbContextFactory(database), time, NullLogger<SignInPruner>.Instance);
            var early = await pruner.PruneAsync(CancellationToken.None);
            time.SetUtcNow(Now);
            var due = await pruner.PruneAsync(CancellationToken.None);
            var again = await pruner.PruneAsync(CancellationToken.None);

            Assert.Equal(new PruneResult(0, 0), early);
            Assert.Equal(new PruneResult(2, 2), due);
            Assert.Equal(new PruneResult(0, 0), again);
            await using var check = database.CreateContext();
            Assert.Equal([3L, 4L], await check.SendLedger.AsNoTracking().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
            var left = await check.SignInChallenges.AsNoTracking().Select(c => c.ExpiresAt).ToListAsync();
            Assert.Equal([Now - TimeSpan.FromDays(1), Now - TimeSpan.FromMinutes(5), Now + TimeSpan.FromMinutes(5)], left.Order());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task LetsTheLimitCountAgainGivenAKeysRowsWerePruned(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var time = new FakeTimeProvider(Now);
            var factory = new TestDbContextFactory(database);
            var ledger = new SendLedger(factory, NullLogger<SendLedger>.Instance);
            var key = new LedgerKey("sign-in", "+18187958204", 3);
            Task<bool> SendAsync() => ledger.RecordIfAllowedAsync([key], time.GetUtcNow(),
                h => h[0].RecentNewestFirst.Count(at => at > time.GetUtcNow().AddHours(-1)) < 3, ok => ok, CancellationToken.None);
            for (var i = 0; i < 3; i++)
            {
                Assert.True(await SendAsync());
            }

            time.Advance(TimeSpan.FromDays(3));
            await new SignInPruner(factory, time, NullLogger<SignInPruner>.Instance).PruneAsync(CancellationToken.None);

            Assert.True(await SendAsync());
            await using var check = database.CreateContext();
            Assert.Equal([1L], await check.SendLedger.AsNoTracking().Select(e => e.Sequence).ToListAsync());
        });

    [Fact]
    public Task TheAppsJobPrunesAfterStartingAndKeepsPruningAsTimePasses() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            async Task<int> AddStaleRowAsync(long sequence)
            {
                await using var db = app.CreateDbContext();
                db.SendLedger.Add(new SendLedgerEntry("sign-in", "+18187958204", sequence, app.Time.GetUtcNow() - TimeSpan.FromDays(3)));
                await db.SaveChangesAsync();
                return await db.SendLedger.CountAsync();
            }

            // The hosted job waits on the app's clock: move it until the job has run (or give up after 15 s of real time).
            async Task<int> CountAfterTheJobRunsAsync(TimeSpan step)
            {
                var waited = System.Diagnostics.Stopwatch.StartNew();
                int left;
                do
                {
                    app.Time.Advance(step);
                    await Task.Delay(100);
                    await using var db = app.CreateDbContext();
                    left = await db.SendLedger.CountAsync();
                }
                while (left > 0 && waited.Elapsed < TimeSpan.FromSeconds(15));

                return left;
            }

            Assert.Equal(1, await AddStaleRowAsync(1));
            Assert.Equal(0, await CountAfterTheJobRunsAsync(TimeSpan.FromMinutes(1)));
            Assert.Equal(1, await AddStaleRowAsync(2));
            Assert.Equal(0, await CountAfterTheJobRunsAsync(TimeSpan.FromMinutes(20)));
        });
}
