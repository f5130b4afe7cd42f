using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Messages;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Notifications;

public sealed class AdminMessagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly AdminActor AdminOne = new("+15551234567", "Dana");
    private static readonly AdminActor AdminTwo = new("+15557654321", null);

    private static async Task<Contest> ContestWithEntrantsAsync(TestDatabase database, FakeTimeProvider time)
    {
        var contest = TestContests.Active(Now, name: "Trivia Night");
        await using (var db = database.CreateContext())
        {
            db.Contests.Add(contest);
            db.SmsOptOuts.Add(SmsOptOut.For(PhoneNumber.FromE164("+18187950002"), Now));
            await db.SaveChangesAsync();
        }

        var entries = TestServices.Entries(database, time);
        for (var i = 0; i < 3; i++)
        {
            await entries.EnterAsync(contest.Code, PhoneNumber.FromE164($"+1818795000{i}"), new EntryRequest(null, true), CancellationToken.None);
        }

        return contest;
    }

    private static AdminMessages Service(TestDatabase database, FakeTimeProvider time, int perHour = 1)
    {
        var factory = new TestDbContextFactory(database);
        return new AdminMessages(factory, new SendLedger(factory, NullLogger<SendLedger>.Instance),
            Options.Create(new OutboxOptions { AdminSendsPerHour = perHour }),
            Options.Create(new WinnersOptions { PublicBaseUrl = new Uri("https://contests.example.com") }), TestAdminAccess.Changes(factory, time), time,
            NullLogger<AdminMessages>.Instance);
    }

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task QueuesOneMessagePerEntrantSkippingAndCountingOptedOutNumbers(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var time = new FakeTimeProvider(Now);
            var contest = await ContestWithEntrantsAsync(database, time);
            var request = new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Reminder, "Last hours of {contest_name}!");
            var service = Service(database, time);

            var preview = await service.PreviewAsync(request, CancellationToken.None);
            var sent = await service.SendAsync(request, AdminOne, CancellationToken.None);

            Assert.Equal(("Last hours of Trivia Night!", 2, 1), (preview.Body, preview.Recipients, preview.OptedOut));
            Assert.Equal((true, 2, 1), (sent.Succeeded, sent.Value!.Queued, sent.Value.OptedOut));
            await using var db = database.CreateContext();
            var queued = await db.Notifications.AsNoTracking().Where(n => n.Type == NotificationType.Reminder).ToListAsync();
            Assert.Equal(["+18187950000", "+18187950001"], queued.Select(n => n.ToE164).Order().ToArray());
            Assert.All(queued, n => Assert.Equal("Last hours of Trivia Night!", n.Body));
            var audit = Assert.Single(await db.AuditLog.AsNoTracking().ToListAsync());
            Assert.Equal((AuditAction.MessageSent, contest.Id, "+15551234567", "Dana"), (audit.Action, audit.ContestId!.Value, audit.Actor, audit.ActorName));
            Assert.Equal("Reminder to all entrants: 2 recipient(s), 1 opted-out number(s) skipped", audit.Detail);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task WritesTheResultsLinkAbsoluteAndRefusesAClaimLinkAnAnnouncementCannotFill(string provider) =>
        // Issue 13 item 12: {results_url} went out relative and {claim_url} as the literal "{claim_url}".
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var time = new FakeTimeProvider(Now);
            var contest = await ContestWithEntrantsAsync(database, time);
            var service = Service(database, time, perHour: 5);

            var claim = new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "Claim yours: {claim_url}");
            var preview = await service.PreviewAsync(claim, CancellationToken.None);
            var refused = await service.SendAsync(claim, AdminOne, CancellationToken.None);
            Assert.StartsWith("{claim_url} can only be filled in the winner's text; an announcement has no claim link.", preview.Problem);
            Assert.Equal((false, (MessagesQueued?)null, preview.Problem), (refused.Succeeded, refused.Value, refused.Error));
            await using (var db = database.CreateContext())
            {
                Assert.False(await db.Notifications.AnyAsync());
                Assert.False(await db.AuditLog.AnyAsync());
            }

            var results = new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "Winners: {results_url}");
            Assert.True((await service.SendAsync(results, AdminOne, CancellationToken.None)).Succeeded);
            await using var after = database.CreateContext();
            Assert.All(await after.Notifications.AsNoTracking().ToListAsync(),
                n => Assert.Equal($"Winners: https://contests.example.com/c/{contest.Code}/results", n.Body));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesAnotherSendGivenTheAdminsHourlyLimitIsReached(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var time = new FakeTimeProvider(Now);
            var contest = await ContestWithEntrantsAsync(database, time);
            var request = new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "News");
            var service = Service(database, time, perHour: 1);

            var first = await service.SendAsync(request, AdminOne, CancellationToken.None);
            var second = await service.SendAsync(request, AdminOne, CancellationToken.None);
            var otherAdmin = await service.SendAsync(request, AdminTwo, CancellationToken.None);
            time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
            var later = await service.SendAsync(request, AdminOne, CancellationToken.None);

            Assert.True(first.Succeeded);
            Assert.False(second.Succeeded);
            Assert.Contains("1 message an hour", second.Error);
            Assert.True(otherAdmin.Succeeded);
            Assert.True(later.Succeeded);
            await using var db = database.CreateContext();
            var audit = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
            Assert.Equal([AdminOne.PhoneE164, AdminTwo.PhoneE164, AdminOne.PhoneE164], audit.Select(a => a.Actor));
            Assert.All(audit, a => Assert.Equal(AuditAction.MessageSent, a.Action));
        });

    [Fact]
    public Task RefusesNonWinnersGivenNoDrawYet() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var time = new FakeTimeProvider(Now);
            var contest = await ContestWithEntrantsAsync(database, time);

            var result = await Service(database, time).SendAsync(
                new MessageRequest(contest.Id, MessageAudience.NonWinners, NotificationType.Announcement, "Thanks"), AdminOne, CancellationToken.None);

            Assert.False(result.Succeeded);
            Assert.Equal("Non-winners are known only after the draw.", result.Error);
            await using var db = database.CreateContext();
            Assert.False(await db.AuditLog.AnyAsync());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesAMessageThatCannotGoWithoutSpendingTheAdminsHourlyAllowance(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var time = new FakeTimeProvider(Now);
            var contest = await ContestWithEntrantsAsync(database, time);
            var empty = TestContests.Active(Now, name: "Nobody Came");
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(empty);
                await db.SaveChangesAsync();
            }

            var service = Service(database, time, perHour: 1);
            var refusals = new[]
            {
                await service.SendAsync(new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "  "), AdminOne, CancellationToken.None),
                await service.SendAsync(new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Announcement, new string('x', 641)), AdminOne, CancellationToken.None),
                await service.SendAsync(new MessageRequest(empty.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "Hello"), AdminOne, CancellationToken.None),
                await service.SendAsync(new MessageRequest(404, MessageAudience.AllEntrants, NotificationType.Announcement, "Hello"), AdminOne, CancellationToken.None),
            };
            var afterwards = await service.SendAsync(new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "Hello"), AdminOne, CancellationToken.None);

            Assert.Equal(["Write the message.", "A message can be at most 640 characters.", "Nobody has entered this contest yet.", "Choose a contest."],
                refusals.Select(r => r.Error ?? "").ToArray());
            Assert.All(refusals, r => Assert.False(r.Succeeded));
            Assert.True(afterwards.Succeeded, "Refused messages do not count against the admin's hourly allowance.");
            await using var check = database.CreateContext();
            Assert.Equal(2, await check.Notifications.CountAsync(n => n.Type == NotificationType.Announcement));
            Assert.Equal(1, await check.AuditLog.CountAsync());
        });

    [Fact]
    public Task RefusesMessagesToADeletedContestAndDoesNotOfferIt() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var time = new FakeTimeProvider(Now);
            var contest = await ContestWithEntrantsAsync(database, time);
            var draft = TestContests.Draft(Now, name: "Still a Draft");
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(draft);
                await db.SaveChangesAsync();
                await db.Contests.Where(c => c.Id == contest.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.DeletedAt, Now));
            }

            var service = Service(database, time);
            var result = await service.SendAsync(new MessageRequest(contest.Id, MessageAudience.AllEntrants, NotificationType.Announcement, "Hi"), AdminOne, CancellationToken.None);
            var offered = await service.ContestsAsync(CancellationToken.None);

            Assert.Equal((false, "Choose a contest."), (result.Succeeded, result.Error));
            Assert.DoesNotContain(offered, c => c.Id == contest.Id || c.Id == draft.Id);
        });

    [Fact]
    public Task OffersPublishedContestsWithEntriesFirstWithTheirTemplates() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var time = new FakeTimeProvider(Now);
            var withEntries = await ContestWithEntrantsAsync(database, time);
            var newer = TestContests.Active(Now, name: "Quiet One");
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(newer);
                await db.SaveChangesAsync();
            }

            var offered = await Service(database, time).ContestsAsync(CancellationToken.None);

            Assert.Equal([withEntries.Id, newer.Id], offered.Select(c => c.Id).ToArray());
            Assert.Equal((3, false), (offered[0].EntryCount, offered[0].Drawn));
        });
}
