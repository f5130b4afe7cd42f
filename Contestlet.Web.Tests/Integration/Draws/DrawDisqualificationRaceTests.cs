using Contestlet.Domain.Audit;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Draws;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Draws;

/// <summary>
/// The draw and a disqualification serialise on the contest row: a disqualification lands wholly before the draw reads
/// the eligible entries, or is refused because the draw is done. Never a disqualified entry among the drawn.
/// </summary>
public sealed class DrawDisqualificationRaceTests
{
    private const int Rounds = 3;
    private const int Disqualifications = 16;

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task NeverDrawsADisqualifiedEntryGivenDisqualificationsRacingTheDraw(string provider) =>
        WithAppAsync(provider, async app =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 40, winners: 5, alternates: 5);
                var targets = entries.Take(Disqualifications).ToList();
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var disqualifications = targets.Select(entry => Task.Run(async () =>
                {
                    await start.Task;
                    return (await Service<AdminEntries>(app).DisqualifyAsync(contest.Id, entry.Id, "Duplicate", Dana, CancellationToken.None)).Error;
                })).ToList();
                var drawing = Task.Run(async () =>
                {
                    await start.Task;
                    return await Service<DrawService>(app).DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
                });

                start.SetResult();
                var refusals = await Task.WhenAll(disqualifications);
                var draw = (await drawing).Draw;

                await using var db = app.CreateDbContext();
                var disqualified = await db.Entries.AsNoTracking().Where(e => e.ContestId == contest.Id && e.DisqualifiedAt != null)
                    .Select(e => e.Id).ToListAsync();
                var landed = targets.Where((_, i) => refusals[i] is null).Select(e => e.Id).ToList();
                Assert.Empty(draw.Winners.Concat(draw.Alternates).Intersect(disqualified));
                Assert.Equal(landed.Order(), disqualified.Order());
                Assert.Equal(entries.Count - landed.Count, draw.EntryCount);
                Assert.All(refusals.Where(r => r is not null), r => Assert.Contains("winners have been drawn", r!, StringComparison.Ordinal));
                Assert.Equal(landed.Count, await db.AuditLog.CountAsync(a => a.ContestId == contest.Id && a.Action == AuditAction.EntryDisqualified));
            }
        });
}
