using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Entries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Entries;

/// <summary>Issue 4 item 5: the confirmation text is queued in the outbox in the entry's own transaction.</summary>
public sealed class EntryConfirmationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly PhoneNumber Phone = PhoneNumber.FromE164("+18187958204");

    private static async Task<Contest> SaveAsync(TestDatabase database, string? confirmation)
    {
        var details = TestContests.Details("Margarita Monday") with { Messages = new MessageTemplates { EntryConfirmation = confirmation } };
        var contest = Contest.Create(details, new ContestSchedule(Now.AddHours(-1), Now.AddHours(5), "America/Los_Angeles"), Now.AddDays(-1));
        contest.Publish(Now.AddDays(-1), TestSeeds.Vault);
        await using var db = database.CreateContext();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }

    private static EntryService Service(TestDatabase database) =>
        TestServices.Entries(database, new FakeTimeProvider(Now));

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task QueuesTheRenderedConfirmationWithTheEntryGivenTheContestHasTheTemplate(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, "You're in for {contest_name}! Winners are drawn {end_time}.");

            var outcome = await Service(database).EnterAsync(contest.Code, Phone, new EntryRequest(null, true), CancellationToken.None);

            Assert.Equal(EntryResult.Accepted, outcome.Result);
            await using var db = database.CreateContext();
            var queued = Assert.Single(await db.Notifications.AsNoTracking().ToListAsync());
            Assert.Equal(NotificationType.EntryConfirmation, queued.Type);
            Assert.Equal(NotificationStatus.Queued, queued.Status);
            Assert.Equal(Phone.E164, queued.ToE164);
            Assert.Equal(contest.Id, queued.ContestId);
            Assert.Equal(outcome.Entry!.Id, queued.EntryId);
            Assert.Equal($"You're in for Margarita Monday! Winners are drawn {contest.Schedule.FormatEnd()}.", queued.Body);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task WritesTheResultsLinkAbsoluteOnThePublicBaseUrl(string provider) =>
        // Issue 13 item 12: the confirmation said "/c/CODE/results", which a phone cannot open.
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, "You're in! Results: {results_url}");

            await Service(database).EnterAsync(contest.Code, Phone, new EntryRequest(null, true), CancellationToken.None);

            await using var db = database.CreateContext();
            var queued = Assert.Single(await db.Notifications.AsNoTracking().ToListAsync());
            Assert.Equal($"You're in! Results: https://contests.example.com/c/{contest.Code}/results", queued.Body);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task QueuesNothingGivenNoTemplateOrARepeatEntry(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var silent = await SaveAsync(database, null);
            var chatty = await SaveAsync(database, "Thanks for entering {contest_name}.");
            var service = Service(database);

            await service.EnterAsync(silent.Code, Phone, new EntryRequest(null, true), CancellationToken.None);
            await service.EnterAsync(chatty.Code, Phone, new EntryRequest(null, true), CancellationToken.None);
            var again = await service.EnterAsync(chatty.Code, Phone, new EntryRequest(null, true), CancellationToken.None);

            Assert.Equal(EntryResult.AlreadyEntered, again.Result);
            await using var db = database.CreateContext();
            var queued = Assert.Single(await db.Notifications.AsNoTracking().ToListAsync());
            Assert.Equal(chatty.Id, queued.ContestId);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task KeepsNeitherGivenTheEntryIsRolledBack(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var details = TestContests.Details("Capped", new Eligibility { TotalEntryCap = 1 }) with
            {
                Messages = new MessageTemplates { EntryConfirmation = "In!" },
            };
            var contest = Contest.Create(details, new ContestSchedule(Now.AddHours(-1), Now.AddHours(5), "UTC"), Now.AddDays(-1));
            contest.Publish(Now.AddDays(-1), TestSeeds.Vault);
            await using (var setup = database.CreateContext())
            {
                setup.Contests.Add(contest);
                await setup.SaveChangesAsync();
            }

            var service = Service(database);
            await service.EnterAsync(contest.Code, Phone, new EntryRequest(null, true), CancellationToken.None);
            var refused = await service.EnterAsync(contest.Code, PhoneNumber.FromE164("+18187950000"), new EntryRequest(null, true), CancellationToken.None);

            Assert.Equal(EntryResult.Refused, refused.Result);
            await using var db = database.CreateContext();
            Assert.Equal(1, await db.Entries.CountAsync());
            Assert.Equal(Phone.E164, Assert.Single(await db.Notifications.AsNoTracking().ToListAsync()).ToE164);
        });
}
