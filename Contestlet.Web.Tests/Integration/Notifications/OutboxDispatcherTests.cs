using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Sms;
using Contestlet.Web.Tests.Integration.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Notifications;

/// <summary>The outbox worker's passes over real databases, sending through the real Twilio transport to the local fake Twilio.</summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly OutboxOptions Settings = new() { BatchSize = 7, LeaseSeconds = 300, MaxAttempts = 3, BaseBackOffSeconds = 30 };

    private FakeTwilioServer _twilio = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilioServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.Configure<SmsOptions>(sms =>
        {
            sms.Twilio.AccountSid = FakeTwilioServer.AccountSid;
            sms.Twilio.AuthToken = FakeTwilioServer.AuthToken;
            sms.Twilio.FromNumber = FakeTwilioServer.FromNumber;
            sms.Twilio.ApiBaseUrl = _twilio.BaseUrl;
            // Well above what a loaded 2-core CI machine needs for one fake answer (5 s once timed out a healthy send);
            // the timeout test stalls the fake for 60 s, far beyond it.
            sms.Twilio.SendTimeoutSeconds = 20;
        });
        services.AddContestletSms();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    private ISmsSender Twilio => _services.GetRequiredService<TwilioSmsSender>();

    private static OutboxDispatcher Dispatcher(TestDatabase database, ISmsSender sender, TimeProvider time) =>
        new(new TestDbContextFactory(database), sender, Options.Create(Settings), time, NullLogger<OutboxDispatcher>.Instance);

    private static string Number(int i) => $"+1818795{i:0000}";

    private static async Task<List<long>> QueueAsync(TestDatabase database, int count, Func<int, string>? to = null)
    {
        await using var db = database.CreateContext();
        var rows = Enumerable.Range(0, count)
            .Select(i => Notification.Queue(NotificationType.Announcement, PhoneNumber.FromE164((to ?? Number)(i)), $"Message {i}", Now, "system"))
            .ToList();
        db.Notifications.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    private static async Task<List<Notification>> AllAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    private Dictionary<string, int> RequestsPerRecipient() =>
        _twilio.Accepted.GroupBy(f => f["To"]).ToDictionary(g => g.Key, g => g.Count());

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task SendsEachMessageExactlyOnceGivenTwoWorkersOnOneDatabase(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await QueueAsync(database, 60);
            var time = new FakeTimeProvider(Now);
            var claims = new Dictionary<string, int>();

            async Task RunAsync(string worker)
            {
                var dispatcher = Dispatcher(database, Twilio, time);
                var total = 0;
                while (await dispatcher.DispatchDueAsync(worker, CancellationToken.None) is var claimed && (claimed > 0 || await AnyDueAsync()))
                {
                    total += claimed;
                }

                lock (claims)
                {
                    claims[worker] = total;
                }
            }

            async Task<bool> AnyDueAsync()
            {
                await using var db = database.CreateContext();
                return await db.Notifications.AnyAsync(n => n.Status == NotificationStatus.Queued);
            }

            await Task.WhenAll(Task.Run(() => RunAsync("worker-a")), Task.Run(() => RunAsync("worker-b")));

            var rows = await AllAsync(database);
            Assert.Equal(60, _twilio.Requests);
            Assert.Equal(60, RequestsPerRecipient().Count);
            Assert.All(RequestsPerRecipient().Values, count => Assert.Equal(1, count));
            Assert.All(rows, n =>
            {
                Assert.Equal(NotificationStatus.Sent, n.Status);
                Assert.Equal(1, n.Attempts);
                Assert.StartsWith("SM", n.ProviderMessageId);
            });
            Assert.Equal(60, claims["worker-a"] + claims["worker-b"]);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task LosesNothingAndRecordsThePossibleDuplicateGivenAWorkerKilledAfterTheProviderCall(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var ids = await QueueAsync(database, 5);
            var time = new FakeTimeProvider(Now);
            var dying = new DiesAfterSending(Twilio, Number(2));

            // The first worker sends messages 0, 1 and 2, then dies before recording message 2's outcome.
            await Assert.ThrowsAsync<WorkerKilledException>(() => Dispatcher(database, dying, time).DispatchDueAsync("worker-a", CancellationToken.None));
            var afterCrash = await AllAsync(database);
            Assert.Equal(NotificationStatus.Sending, afterCrash[2].Status);
            Assert.Equal(1, afterCrash[2].Attempts);
            Assert.Equal(NotificationStatus.Queued, afterCrash[3].Status);

            // A restarted worker sends the rest at once, but leaves message 2 alone while the dead worker's lease holds…
            var restarted = Dispatcher(database, Twilio, time);
            Assert.Equal(2, await restarted.DispatchDueAsync("worker-b", CancellationToken.None));
            Assert.Equal(NotificationStatus.Sending, (await AllAsync(database))[2].Status);

            // …and takes it over once the lease has lapsed, as a second recorded attempt.
            time.Advance(Settings.Lease + TimeSpan.FromSeconds(1));
            Assert.Equal(1, await restarted.DispatchDueAsync("worker-b", CancellationToken.None));

            var rows = await AllAsync(database);
            Assert.Equal(ids, rows.Select(r => r.Id));
            Assert.All(rows, n => Assert.Equal(NotificationStatus.Sent, n.Status));
            var requests = RequestsPerRecipient();
            // Never a send without a record: each number got exactly as many requests as its row counts attempts.
            Assert.All(rows, n => Assert.Equal(n.Attempts, requests[n.ToE164]));
            Assert.Equal(2, rows[2].Attempts);
            Assert.Equal(4, rows.Count(n => n.Attempts == 1));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task SendsAfterTheBackOffGivenATransientFailureFirst(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await QueueAsync(database, 1);
            var time = new FakeTimeProvider(Now);
            var dispatcher = Dispatcher(database, Twilio, time);
            _twilio.FailNext(503);

            Assert.Equal(1, await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None));
            var waiting = Assert.Single(await AllAsync(database));
            Assert.Equal(NotificationStatus.Queued, waiting.Status);
            Assert.Equal(Now.AddSeconds(30), waiting.NextAttemptAt);
            Assert.Contains("HTTP 503", waiting.Error);
            // One attempt, one POST: the transport does not retry behind the outbox's back.
            Assert.Equal(1, waiting.Attempts);
            Assert.Equal(1, _twilio.Requests);

            time.Advance(TimeSpan.FromSeconds(29));
            Assert.Equal(0, await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None));
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None));

            var sent = Assert.Single(await AllAsync(database));
            Assert.Equal(NotificationStatus.Sent, sent.Status);
            Assert.Equal(2, sent.Attempts);
            Assert.Null(sent.Error);
            Assert.Equal(2, _twilio.Requests);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RecordsOneAttemptPerPostGivenASlowAnswerOnce(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await QueueAsync(database, 1);
            var time = new FakeTimeProvider(Now);
            var dispatcher = Dispatcher(database, Twilio, time);
            _twilio.StallNext(TimeSpan.FromSeconds(60));

            Assert.Equal(1, await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None));
            var waiting = Assert.Single(await AllAsync(database));
            Assert.Equal(NotificationStatus.Queued, waiting.Status);
            Assert.Equal(1, waiting.Attempts);
            Assert.Contains("timeout", waiting.Error);
            Assert.Equal(1, _twilio.Requests);

            time.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(1, await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None));

            var sent = Assert.Single(await AllAsync(database));
            Assert.Equal(NotificationStatus.Sent, sent.Status);
            Assert.Equal(2, sent.Attempts);
            Assert.Equal(2, _twilio.Requests);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task GivesUpAfterMaxAttemptsGivenTheProviderStaysDown(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await QueueAsync(database, 1);
            var time = new FakeTimeProvider(Now);
            var dispatcher = Dispatcher(database, Twilio, time);
            _twilio.FailNext(500, times: 10);

            for (var i = 0; i < 5; i++)
            {
                await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None);
                time.Advance(TimeSpan.FromHours(1));
            }

            var failed = Assert.Single(await AllAsync(database));
            Assert.Equal(NotificationStatus.Failed, failed.Status);
            Assert.Equal(Settings.MaxAttempts, failed.Attempts);
            Assert.Equal(Settings.MaxAttempts, _twilio.Requests);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task NeverRetriesGivenPermanentErrors(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            string[] numbers = [FakeTwilioServer.InvalidNumber, FakeTwilioServer.NotMobileNumber, FakeTwilioServer.OptedOutNumber];
            await QueueAsync(database, 3, i => numbers[i]);
            var time = new FakeTimeProvider(Now);
            var dispatcher = Dispatcher(database, Twilio, time);

            Assert.Equal(3, await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None));
            time.Advance(TimeSpan.FromDays(2));
            Assert.Equal(0, await dispatcher.DispatchDueAsync("worker-a", CancellationToken.None));

            var rows = await AllAsync(database);
            Assert.Equal(3, _twilio.Requests);
            Assert.Equal((NotificationStatus.Failed, "21211"), (rows[0].Status, rows[0].ErrorCode));
            Assert.Equal((NotificationStatus.Failed, "21614"), (rows[1].Status, rows[1].ErrorCode));
            Assert.Equal((NotificationStatus.OptedOut, "21610"), (rows[2].Status, rows[2].ErrorCode));
            await using var db = database.CreateContext();
            Assert.True(await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == FakeTwilioServer.OptedOutNumber));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task NeverSendsGivenTheNumberIsOnTheOptOutList(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await using (var db = database.CreateContext())
            {
                db.SmsOptOuts.Add(SmsOptOut.For(PhoneNumber.FromE164(Number(1)), Now));
                await db.SaveChangesAsync();
            }

            await QueueAsync(database, 2);

            await Dispatcher(database, Twilio, new FakeTimeProvider(Now)).DispatchDueAsync("worker-a", CancellationToken.None);

            var rows = await AllAsync(database);
            Assert.Equal(NotificationStatus.Sent, rows[0].Status);
            Assert.Equal(NotificationStatus.OptedOut, rows[1].Status);
            Assert.Equal(1, _twilio.Requests);
            Assert.DoesNotContain(Number(1), RequestsPerRecipient().Keys);
        });

    /// <summary>Stands in for a process killed between the provider's answer and the database write.</summary>
    private sealed class DiesAfterSending(ISmsSender inner, string dieAfter) : ISmsSender
    {
        public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
        {
            var result = await inner.SendAsync(message, cancellationToken);
            return message.To.E164 == dieAfter ? throw new WorkerKilledException() : result;
        }
    }

    private sealed class WorkerKilledException : Exception;
}
