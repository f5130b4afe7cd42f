using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Draws;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Admin.Entries;

/// <summary>The admin's entries grid and disqualification before the draw.</summary>
public sealed class AdminEntriesTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DisqualifiesEntryBeforeDrawAndRefusesAfter(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 10);
            var admin = Service<AdminEntries>(app);

            await admin.DisqualifyAsync(contest.Id, entries[0].Id, "Entered under two numbers", Dana, CancellationToken.None).DoneAsync();
            await Service<DrawService>(app).DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            var error = await admin.DisqualifyAsync(contest.Id, entries[1].Id, "Too late", Dana, CancellationToken.None).RefusedAsync();

            await using var db = app.CreateDbContext();
            var first = await db.Entries.SingleAsync(e => e.Id == entries[0].Id);
            var second = await db.Entries.SingleAsync(e => e.Id == entries[1].Id);
            var draw = await db.Draws.SingleAsync(d => d.ContestId == contest.Id);
            Assert.Equal("Entered under two numbers", first.DisqualificationReason);
            Assert.Null(second.DisqualifiedAt);
            Assert.Contains("drawn", error, StringComparison.Ordinal);
            Assert.Equal(9, draw.EntryCount);
            Assert.DoesNotContain(entries[0].Id, draw.Winners.Concat(draw.Alternates));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task SearchesEntriesByLastFourDigitsAndPagesNewestFirst(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 30);
            var admin = Service<AdminEntries>(app);

            var found = await admin.PageAsync(contest.Id, new EntryQuery(0, 10, "0017"), CancellationToken.None);
            var firstPage = await admin.PageAsync(contest.Id, new EntryQuery(0, 10), CancellationToken.None);
            var oldestFirst = await admin.PageAsync(contest.Id, new EntryQuery(2, 10, NewestFirst: false), CancellationToken.None);

            var row = Assert.Single(found.Rows);
            Assert.Equal(1, found.Total);
            Assert.Equal("+1•••••0017", row.MaskedPhone);
            Assert.Equal(30, firstPage.Total);
            Assert.Equal(entries[29].Id, firstPage.Rows[0].Id);
            Assert.Equal(entries[20].Id, oldestFirst.Rows[0].Id);
            Assert.All(firstPage.Rows, r => Assert.StartsWith("+1•••••", r.MaskedPhone, StringComparison.Ordinal));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ServesEveryPageInBothOrdersExactlyAsOneOrderedListGivenDeepPagesAreReadFromTheEnd(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 23);
            var admin = Service<AdminEntries>(app);
            var oldestFirst = entries.OrderBy(e => e.EnteredAt).ThenBy(e => e.Id).Select(e => e.Id).ToList();
            var newestFirst = Enumerable.Reverse(oldestFirst).ToList();

            foreach (var (newest, expected) in new[] { (true, newestFirst), (false, oldestFirst) })
            {
                var pages = new List<long>();
                for (var page = 0; page < 6; page++)
                {
                    var result = await admin.PageAsync(contest.Id, new EntryQuery(page, 5, NewestFirst: newest), CancellationToken.None);
                    Assert.Equal(23, result.Total);
                    pages.AddRange(result.Rows.Select(r => r.Id));
                }

                Assert.Equal(expected, pages);
            }
        });
}
