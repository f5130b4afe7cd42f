using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Sms;

/// <summary>Staging's limited sending (docs/product.md §7): allow-list and daily cap in front of real Twilio (here, the local look-alike).</summary>
public sealed class StagingPolicySmsSenderTests
{
    private const string Allowed = "+18187958204";

    private static Task WithSenderAsync(string provider, Func<Func<string, Task<SmsSendResult>>, FakeTwilioServer, FakeTimeProvider, TestDatabase, Task> test) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await using var twilio = await FakeTwilioServer.StartAsync();
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero));
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(time);
            services.Configure<DatabaseOptions>(db =>
            {
                db.Provider = database.Kind == DatabaseKind.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
                db.ConnectionString = database.ConnectionString;
            });
            services.Configure<SmsOptions>(sms =>
            {
                sms.Twilio.AccountSid = FakeTwilioServer.AccountSid;
                sms.Twilio.AuthToken = FakeTwilioServer.AuthToken;
                sms.Twilio.FromNumber = FakeTwilioServer.FromNumber;
                sms.Twilio.ApiBaseUrl = twilio.BaseUrl;
                sms.LimitedSending.Enabled = true;
                sms.LimitedSending.AllowList = ["(818) 795-8204", "+1 818 795 8205"];
                sms.LimitedSending.DailyCap = 2;
            });
            services.AddContestletDatabase();
            services.AddContestletSms();
            await using var provider = services.BuildServiceProvider();

            async Task<SmsSendResult> SendAsync(string to)
            {
                await using var scope = provider.CreateAsyncScope();
                var sender = scope.ServiceProvider.GetRequiredService<ISmsSender>();
                Assert.IsType<StagingPolicySmsSender>(sender);
                return await sender.SendAsync(new SmsMessage(PhoneNumber.ParseConfigured(to), "Your code is 123456"), CancellationToken.None);
            }

            await test(SendAsync, twilio, time, database);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task BlocksNumbersOffTheAllowListAndRecordsWhy(string provider) =>
        WithSenderAsync(provider, async (send, twilio, _, database) =>
        {
            var result = await send("(818) 795-1111");

            Assert.Equal(SmsSendStatus.Blocked, result.Status);
            Assert.Equal("blocked by staging policy: not on the allow-list", result.Error);
            Assert.Equal(0, twilio.Requests);
            await using var db = database.CreateContext();
            var record = Assert.Single(await db.SmsRecords.ToListAsync());
            Assert.Equal("+18187951111", record.ToE164);
            Assert.Equal(SmsSendStatus.Blocked, record.Status);
            Assert.Equal("blocked by staging policy: not on the allow-list", record.Reason);
            Assert.Null(record.Body);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task SendsToAllowListedNumbersUpToTheDailyCap(string provider) =>
        WithSenderAsync(provider, async (send, twilio, time, database) =>
        {
            Assert.Equal(SmsSendStatus.Sent, (await send(Allowed)).Status);
            Assert.Equal(SmsSendStatus.Sent, (await send("+18187958205")).Status);

            var overCap = await send(Allowed);
            Assert.Equal(SmsSendStatus.Blocked, overCap.Status);
            Assert.Equal("blocked by staging policy: daily cap of 2 reached", overCap.Error);
            Assert.Equal(2, twilio.Requests);

            time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(SmsSendStatus.Sent, (await send(Allowed)).Status);
            await using var db = database.CreateContext();
            Assert.Equal("blocked by staging policy: daily cap of 2 reached", (await db.SmsRecords.SingleAsync()).Reason);
        });
}
