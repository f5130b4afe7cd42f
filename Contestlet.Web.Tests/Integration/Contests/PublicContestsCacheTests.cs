using Contestlet.Web.Data;
using Contestlet.Web.Features.Contests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Contests;

public sealed class PublicContestsCacheTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ReadsAContestOnceForBackToBackPageViews(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            var contest = TestContests.Active(time.GetUtcNow(), name: "Spike");
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var factory = new CountingFactory(new TestDbContextFactory(database));
            using var cache = new MemoryCache(new MemoryCacheOptions());
            var contests = new PublicContests(factory, time, cache, new ContestChanges());

            var first = await contests.FindAsync(contest.Code, CancellationToken.None);
            var second = await contests.FindAsync(contest.Code, CancellationToken.None);
            await contests.ListForHomeAsync(CancellationToken.None);
            await contests.ListForHomeAsync(CancellationToken.None);

            Assert.Equal("Spike", first?.Contest.Name);
            Assert.Equal("Spike", second?.Contest.Name);
            Assert.Equal(2, factory.Created); // one for the contest, one for the home listing
        });

    private sealed class CountingFactory(IDbContextFactory<ContestletDbContext> inner) : IDbContextFactory<ContestletDbContext>
    {
        private int _created;

        public int Created => _created;

        public ContestletDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContext();
        }
    }
}
