using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Draws;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.Draws;

/// <summary>
/// Issue 13 item 4: entries.txt is fixed at the draw and served as stored, never rebuilt from the entries table, so it
/// cannot drift from the draw and costs one row read per request.
/// </summary>
public sealed class EntryListTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task TheListServedAfterTheDrawIsTheOneStoredWithItWhateverHappensToTheEntries(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var now = app.Time.GetUtcNow();
            var contest = TestContests.PublishedAt(new ContestSchedule(now.AddDays(-2), now.AddDays(-1), "America/New_York"), now.AddDays(-3));
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
                for (var i = 0; i < 6; i++)
                {
                    db.Entries.Add(contest.Admit(PhoneNumber.FromE164($"+1555010{i:0000}"), new EntryRequest(null, true), now.AddDays(-2).AddMinutes(i)));
                }

                await db.SaveChangesAsync();
            }

            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DrawService>().DrawAsync(contest.Id, new AdminActor("+15551234567", "Dana"), CancellationToken.None).DoneAsync();
            }

            var client = app.CreateClient();
            var atTheDraw = await client.GetStringAsync(DrawEndpoints.EntriesPath(contest.Code));
            await using (var db = app.CreateDbContext())
            {
                // What the list must not follow: a row written behind the app's back after the draw, and an entry marked
                // disqualified with a time before the draw.
                var late = contest.AdmitUnchecked(PhoneNumber.FromE164("+15550109999"), new EntryRequest(null, true), now.AddDays(-1).AddMinutes(-5));
                db.Entries.Add(late);
                await db.SaveChangesAsync();
                var first = await db.Entries.Where(e => e.ContestId == contest.Id).OrderBy(e => e.Id).FirstAsync();
                db.Entry(first).Property(e => e.DisqualifiedAt).CurrentValue = now.AddDays(-1);
                await db.SaveChangesAsync();
                Assert.Equal(atTheDraw, (await db.DrawEntryLists.SingleAsync(l => l.ContestId == contest.Id)).Text);
            }

            var later = await client.GetStringAsync(DrawEndpoints.EntriesPath(contest.Code));

            Assert.Equal(6, atTheDraw.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal(atTheDraw, later);
        });
}
