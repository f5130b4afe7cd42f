using Contestlet.Domain.Common;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Winners;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Winners;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Winners.WinnersFixture;

namespace Contestlet.Web.Tests.Integration.Winners;

public sealed class WinnersServiceTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DisqualifiesEntryBeforeDrawAndRefusesAfter(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 10);
            var admin = Service<AdminEntries>(app);

            await admin.DisqualifyAsync(contest.Id, entries[0].Id, "Entered under two numbers", Dana, CancellationToken.None);
            await Service<WinnersService>(app).DrawAsync(contest.Id, Dana, CancellationToken.None);
            var error = await Assert.ThrowsAsync<DomainRuleException>(() =>
                admin.DisqualifyAsync(contest.Id, entries[1].Id, "Too late", Dana, CancellationToken.None));

            await using var db = app.CreateDbContext();
            var first = await db.Entries.SingleAsync(e => e.Id == entries[0].Id);
            var second = await db.Entries.SingleAsync(e => e.Id == entries[1].Id);
            var draw = await db.Draws.SingleAsync(d => d.ContestId == contest.Id);
            Assert.Equal("Entered under two numbers", first.DisqualificationReason);
            Assert.Null(second.DisqualifiedAt);
            Assert.Contains("drawn", error.Message, StringComparison.Ordinal);
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

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DrawCreatesAwardsAndNotifyQueuesOneWinnerTextEach(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 20, winners: 3);
            var winners = Service<WinnersService>(app);

            var outcome = await winners.DrawAsync(contest.Id, Dana, CancellationToken.None);
            var again = await winners.DrawAsync(contest.Id, OtherAdmin, CancellationToken.None);
            var queued = await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None);
            var queuedAgain = await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None);

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
    public Task ClaimsWithTheWinningNumberOnlyAndBeforeTheDeadline(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 10, winners: 1);
            var winners = Service<WinnersService>(app);
            var draw = (await winners.DrawAsync(contest.Id, Dana, CancellationToken.None)).Draw;
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None);
            string token;
            await using (var db = app.CreateDbContext())
            {
                token = TokenIn((await db.Notifications.SingleAsync(n => n.ContestId == contest.Id)).Body);
            }

            var winnerPhone = Phone(entries.FindIndex(e => e.Id == draw.Winners[0]));
            var otherPhone = Phone(entries.FindIndex(e => e.Id != draw.Winners[0]));

            var before = await winners.FindClaimAsync(token, CancellationToken.None);
            var wrongNumber = await Assert.ThrowsAsync<DomainRuleException>(() =>
                winners.ClaimAsync(token, otherPhone, "Ana Reyes", "ana@example.com", CancellationToken.None));
            var claimed = await winners.ClaimAsync(token, winnerPhone, "Ana Reyes", "ana@example.com", CancellationToken.None);
            await Assert.ThrowsAsync<DomainRuleException>(() =>
                winners.ClaimAsync(token, winnerPhone, "Ana Reyes", "ana@example.com", CancellationToken.None));

            Assert.Equal(ClaimState.Claimable, before!.State);
            Assert.Equal(winnerPhone.Masked, before.MaskedPhone);
            Assert.Contains(winnerPhone.Masked, wrongNumber.Message, StringComparison.Ordinal);
            Assert.Equal(ClaimState.Claimed, claimed.State);
            Assert.Null(await winners.FindClaimAsync((token[0] == 'A' ? "B" : "A") + token[1..], CancellationToken.None));
            Assert.Null(await winners.FindClaimAsync("nonsense", CancellationToken.None));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ForfeitureJobForfeitsAtDeadlineAndPromotesAndNotifiesNextAlternate(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 10, winners: 1, alternates: 2, claimWindowHours: 24);
            var winners = Service<WinnersService>(app);
            var job = Service<ForfeitureJob>(app);
            var draw = (await winners.DrawAsync(contest.Id, Dana, CancellationToken.None)).Draw;
            await winners.NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None);

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
            var draw = (await Service<WinnersService>(app).DrawAsync(contest.Id, Dana, CancellationToken.None)).Draw;
            await Service<WinnersService>(app).NotifyWinnersAsync(contest.Id, Dana, CancellationToken.None);
            List<long> ids;
            await using (var db = app.CreateDbContext())
            {
                ids = await db.PrizeAwards.Where(a => a.ContestId == contest.Id).Select(a => a.Id).ToListAsync();
            }

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var replacements = ids.Select(id => Task.Run(async () =>
            {
                await start.Task;
                return await Service<WinnersService>(app).ReplaceAsync(id, AwardStatus.Disqualified, "Ineligible", Dana, CancellationToken.None);
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
            var winners = Service<WinnersService>(app);
            var draw = (await winners.DrawAsync(contest.Id, Dana, CancellationToken.None)).Draw;
            long first;
            await using (var db = app.CreateDbContext())
            {
                first = await db.PrizeAwards.Where(a => a.ContestId == contest.Id).Select(a => a.Id).SingleAsync();
            }

            var second = await winners.ReplaceAsync(first, AwardStatus.Forfeited, "Declined", Dana, CancellationToken.None);
            var third = await winners.ReplaceAsync(second!.Id, AwardStatus.Forfeited, "Declined too", Dana, CancellationToken.None);

            Assert.Equal(draw.Alternates[0], second.EntryId);
            Assert.Equal(AwardStatus.Selected, second.Status);
            Assert.Null(third);
            var results = await winners.ResultsAsync(contest.Code, CancellationToken.None);
            Assert.Equal("Forfeited — no alternate left", Assert.Single(results!.Slots).StatusText);
            Assert.Equal(2, results.Slots[0].History.Count);
            Assert.EndsWith(" · promoted to winner 1", Assert.Single(results.Alternates));
        });
}
