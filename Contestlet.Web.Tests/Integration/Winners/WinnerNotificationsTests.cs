using Contestlet.Domain.Notifications;
using Contestlet.Domain.Winners;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Features.Winners;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Winners;

public sealed class WinnerNotificationsTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DrawCreatesAwardsAndNotifyQueuesOneWinnerTextEach(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 20, winners: 3);
            var draws = Service<DrawService>(app);
            var winners = Service<WinnerNotifications>(app);

            var outcome = await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            var again = await draws.DrawAsync(contest.Id, OtherAdmin, CancellationToken.None).DoneAsync();
            var queued = await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            var queuedAgain = await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();

            await using var db = app.CreateDbContext();
            var awards = await db.PrizeAwards.Where(a => a.ContestId == contest.Id).OrderBy(a => a.Slot).ToListAsync();
            var texts = await db.Notifications.Where(n => n.ContestId == contest.Id).ToListAsync();
            Assert.True(again.AlreadyDrawn);
            Assert.Equal(outcome.Draw.Winners, awards.Select(a => a.EntryId));
            Assert.All(awards, a => Assert.Equal(AwardStatus.Notified, a.Status));
            Assert.All(awards, a => Assert.Equal(app.Time.GetUtcNow().AddHours(72), a.ClaimDeadline));
            Assert.Equal((3, 0), (queued, queuedAgain));
            Assert.Equal(3, texts.Count);
            Assert.All(texts, t => Assert.Equal(NotificationType.Winner, t.Type));
            Assert.All(texts, t => Assert.Contains("https://contestlet.test/claim/", t.Body, StringComparison.Ordinal));
            Assert.All(texts, t => Assert.Contains("Nov 27, 7:00 AM EST", t.Body, StringComparison.Ordinal));
            Assert.Equal(awards.Select(a => a.ClaimTokenHash).Order(), texts.Select(t => ClaimToken.Hash(TokenIn(t.Body))).Order());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ForfeitureJobForfeitsAtDeadlineAndPromotesAndNotifiesNextAlternate(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 10, winners: 1, alternates: 2, claimWindowHours: 24);
            var draws = Service<DrawService>(app);
            var winners = Service<WinnerNotifications>(app);
            var job = Service<ForfeitureJob>(app);
            var draw = (await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();

            app.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
            var early = await job.RunOnceAsync(CancellationToken.None);
            app.Time.Advance(TimeSpan.FromSeconds(1));
            var atDeadline = await job.RunOnceAsync(CancellationToken.None);
            var repeated = await job.RunOnceAsync(CancellationToken.None);

            await using var db = app.CreateDbContext();
            var awards = await db.PrizeAwards.Where(a => a.ContestId == contest.Id).OrderBy(a => a.Id).ToListAsync();
            var texts = await db.Notifications.Where(n => n.ContestId == contest.Id).OrderBy(n => n.Id).ToListAsync();
            Assert.Equal((0, 1, 0), (early, atDeadline, repeated));
            Assert.Equal(2, awards.Count);
            Assert.Equal(AwardStatus.Forfeited, awards[0].Status);
            Assert.Equal("Not claimed by the deadline", awards[0].Reason);
            Assert.Equal(draw.Alternates[0], awards[1].EntryId);
            Assert.Equal((1, 0, AwardStatus.Notified), (awards[1].Slot, awards[1].AlternateIndex, awards[1].Status));
            Assert.Equal(app.Time.GetUtcNow().AddHours(24), awards[1].ClaimDeadline);
            Assert.Equal(2, texts.Count);
            Assert.Equal(awards[1].EntryId, texts[1].EntryId);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task NeverGivesOneAlternateToTwoSlotsGivenConcurrentReplacements(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 40, winners: 4, alternates: 4);
            var draw = (await Service<DrawService>(app).DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            await Service<WinnerNotifications>(app).NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None).DoneAsync();
            List<long> ids;
            await using (var db = app.CreateDbContext())
            {
                ids = await db.PrizeAwards.Where(a => a.ContestId == contest.Id).Select(a => a.Id).ToListAsync();
            }

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var replacements = ids.Select(id => Task.Run(async () =>
            {
                await start.Task;
                return await Service<WinnerNotifications>(app).ReplaceAsync(id, AwardStatus.Disqualified, "Ineligible", Dana, CancellationToken.None).DoneAsync();
            })).ToList();
            start.SetResult();
            var successors = await Task.WhenAll(replacements);

            await using var check = app.CreateDbContext();
            var holders = await check.PrizeAwards.Where(a => a.ContestId == contest.Id && a.Status == AwardStatus.Notified).ToListAsync();
            Assert.All(successors, s => Assert.NotNull(s));
            Assert.Equal(4, holders.Count);
            Assert.Equal([1, 2, 3, 4], holders.Select(h => h.Slot).Order());
            Assert.Equal(draw.Alternates.Order(), holders.Select(h => h.EntryId).Order());
            Assert.Equal(8, await check.Notifications.CountAsync(n => n.ContestId == contest.Id));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ReplacementsStopGivenAlternatesUsedUp(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 5, winners: 1, alternates: 1);
            var draws = Service<DrawService>(app);
            var winners = Service<WinnerNotifications>(app);
            var draw = (await draws.DrawAsync(contest.Id, Dana, CancellationToken.None).DoneAsync()).Draw;
            long first;
            await using (var db = app.CreateDbContext())
            {
                first = await db.PrizeAwards.Where(a => a.ContestId == contest.Id).Select(a => a.Id).SingleAsync();
            }

            var second = await winners.ReplaceAsync(first, AwardStatus.Forfeited, "Declined", Dana, CancellationToken.None).DoneAsync();
            var third = await winners.ReplaceAsync(second!.Id, AwardStatus.Forfeited, "Declined too", Dana, CancellationToken.None).DoneAsync();

            Assert.Equal(draw.Alternates[0], second.EntryId);
            Assert.Equal(AwardStatus.Selected, second.Status);
            Assert.Null(third);
            var results = await Service<DrawResults>(app).ResultsAsync(contest.Code, CancellationToken.None);
            Assert.Equal("Forfeited — no alternate left", Assert.Single(results!.Slots).StatusText);
            Assert.Equal(2, results.Slots[0].History.Count);
            Assert.EndsWith(" · promoted to winner 1", Assert.Single(results.Alternates));
        });
}
