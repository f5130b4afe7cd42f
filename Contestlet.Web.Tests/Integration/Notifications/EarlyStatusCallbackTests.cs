using System.Net;
using System.Security.Cryptography;
using System.Text;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Tests.Integration.Notifications;

/// <summary>
/// Twilio can call the status callback before the send's own answer is recorded (issue 13 item 10). The callback URL
/// names the outbox row (?notification=ID), so such a callback is kept, on both databases, through the real app.
/// </summary>
public sealed class EarlyStatusCallbackTests
{
    private const string AuthToken = "early-callback-auth-token";
    private const string Sid = "SM00112233445566778899aabbccddeeff";

    private static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Sms:Twilio:AuthToken"] = AuthToken,
        ["Outbox:Enabled"] = "false",
    };

    /// <summary>Twilio's documented algorithm, computed here independently of the app and the SDK.</summary>
    private static string Sign(string url, IDictionary<string, string> form)
    {
        var text = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's scheme.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(AuthToken));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    private static async Task<HttpStatusCode> CallBackAsync(ContestletAppFactory app, long notificationId, string status)
    {
        var path = $"/webhooks/twilio/status?notification={notificationId}";
        var form = new Dictionary<string, string> { ["MessageSid"] = Sid, ["MessageStatus"] = status, ["AccountSid"] = "AC1" };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign("http://localhost" + path, form));
        using var response = await app.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<long> QueueAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        var notification = Notification.Queue(NotificationType.EntryConfirmation, PhoneNumber.FromE164("+18187958204"), "You're in", app.Time.GetUtcNow(), "system");
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }

    private static async Task<Notification> ReloadAsync(ContestletAppFactory app, long id)
    {
        await using var db = app.CreateDbContext();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    private static OutboxDispatcher Dispatcher(ContestletAppFactory app, ISmsSender sender) =>
        new(app.Services.GetRequiredService<IDbContextFactory<ContestletDbContext>>(), sender,
            Options.Create(new OutboxOptions()), app.Time, NullLogger<OutboxDispatcher>.Instance);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task KeepsADeliveredCallbackThatArrivesBeforeTheSendIsRecorded(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var id = await QueueAsync(app);
            var twilio = new CallsBackBeforeAnswering(app, "delivered", SmsSendResult.Sent(Sid, "queued"));

            await Dispatcher(app, twilio).DispatchDueAsync("worker-a", CancellationToken.None);

            Assert.Equal(HttpStatusCode.NoContent, twilio.CallbackStatus);
            var notification = await ReloadAsync(app, id);
            Assert.Equal(NotificationStatus.Delivered, notification.Status);
            Assert.Equal(Sid, notification.ProviderMessageId);
            Assert.Equal(1, notification.Attempts);
            Assert.Null(notification.LockedBy);
        }, settings: Settings);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task NeverSendsAgainGivenTheSendTimedOutButTwilioCalledBack(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var id = await QueueAsync(app);
            var timedOut = new SmsSendResult(SmsSendStatus.FailedTransiently, Error: "Twilio could not be reached (network error or timeout).");
            var twilio = new CallsBackBeforeAnswering(app, "sent", timedOut);

            await Dispatcher(app, twilio).DispatchDueAsync("worker-a", CancellationToken.None);
            app.Time.Advance(TimeSpan.FromHours(2));
            await Dispatcher(app, twilio).DispatchDueAsync("worker-a", CancellationToken.None);

            var notification = await ReloadAsync(app, id);
            Assert.Equal(NotificationStatus.Sent, notification.Status);
            Assert.Equal(Sid, notification.ProviderMessageId);
            Assert.Equal(1, notification.Attempts);
            Assert.Equal(1, twilio.Sends);
        }, settings: Settings);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task StopsTheRetryGivenACallbackForAnAttemptWhoseAnswerWasLost(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var id = await QueueAsync(app);
            var timedOut = new SmsSendResult(SmsSendStatus.FailedTransiently, Error: "Twilio could not be reached (network error or timeout).");
            await Dispatcher(app, new Answers(timedOut)).DispatchDueAsync("worker-a", CancellationToken.None);
            Assert.Equal(NotificationStatus.Queued, (await ReloadAsync(app, id)).Status);

            // The timed-out POST had reached Twilio after all: its callback arrives while the row waits for its retry.
            Assert.Equal(HttpStatusCode.NoContent, await CallBackAsync(app, id, "delivered"));
            app.Time.Advance(TimeSpan.FromHours(2));
            var retry = new Answers(SmsSendResult.Sent("SMsecond", "queued"));
            await Dispatcher(app, retry).DispatchDueAsync("worker-a", CancellationToken.None);

            var notification = await ReloadAsync(app, id);
            Assert.Equal(NotificationStatus.Delivered, notification.Status);
            Assert.Equal(Sid, notification.ProviderMessageId);
            Assert.Equal(0, retry.Sends);
        }, settings: Settings);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task IgnoresACallbackNamingARowThatHasAnotherMessageId(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var id = await QueueAsync(app);
            await Dispatcher(app, new Answers(SmsSendResult.Sent("SMtherealone", "queued"))).DispatchDueAsync("worker-a", CancellationToken.None);

            Assert.Equal(HttpStatusCode.NoContent, await CallBackAsync(app, id, "undelivered"));

            var notification = await ReloadAsync(app, id);
            Assert.Equal(NotificationStatus.Sent, notification.Status);
            Assert.Equal("SMtherealone", notification.ProviderMessageId);
        }, settings: Settings);

    /// <summary>Answers every send with the given result.</summary>
    private sealed class Answers(SmsSendResult result) : ISmsSender
    {
        public int Sends { get; private set; }

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
        {
            Sends++;
            return Task.FromResult(result);
        }
    }

    /// <summary>Twilio as it sometimes is: the status callback reaches the app before the POST's answer reaches the worker.</summary>
    private sealed class CallsBackBeforeAnswering(ContestletAppFactory app, string status, SmsSendResult answer) : ISmsSender
    {
        public int Sends { get; private set; }

        public HttpStatusCode? CallbackStatus { get; private set; }

        public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
        {
            Sends++;
            Assert.NotNull(message.NotificationId);
            CallbackStatus = await CallBackAsync(app, message.NotificationId.Value, status);
            return answer;
        }
    }
}
