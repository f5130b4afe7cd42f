using System.Net;
using System.Security.Cryptography;
using System.Text;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.Notifications;

/// <summary>Twilio's callbacks through the whole app, signed the way Twilio signs them (computed here, independently of the app).</summary>
public sealed class TwilioWebhookTests
{
    private const string AuthToken = "webhook-test-auth-token";
    private const string Caller = "+18187958204";

    private static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Sms:Twilio:AuthToken"] = AuthToken,
        ["Outbox:Enabled"] = "false",
    };

    /// <summary>Twilio's documented algorithm: URL, then each parameter name and value in name order, HMAC-SHA1, base64.</summary>
    private static string Sign(string token, string url, IDictionary<string, string> form)
    {
        var text = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's scheme.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(token));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> form, string signature,
        (string Proto, string Host)? forwarded = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        if (forwarded is { } f)
        {
            request.Headers.Add("X-Forwarded-Proto", f.Proto);
            request.Headers.Add("X-Forwarded-Host", f.Host);
        }

        return await client.SendAsync(request);
    }

    private static async Task<long> SentNotificationAsync(ContestletAppFactory app, string sid)
    {
        await using var db = app.CreateDbContext();
        var notification = Notification.Queue(NotificationType.Reminder, PhoneNumber.FromE164(Caller), "Reminder", app.Time.GetUtcNow(), "system");
        notification.BeginAttempt("worker", app.Time.GetUtcNow(), TimeSpan.FromMinutes(5));
        notification.MarkSent(sid, app.Time.GetUtcNow());
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }

    private static async Task<Notification> ReloadAsync(ContestletAppFactory app, long id)
    {
        await using var db = app.CreateDbContext();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    private static async Task<bool> IsOptedOutAsync(ContestletAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == Caller);
    }

    [Theory]
    [InlineData("delivered", NotificationStatus.Delivered, null)]
    [InlineData("undelivered", NotificationStatus.Failed, "30006")]
    [InlineData("failed", NotificationStatus.Failed, "30008")]
    public Task UpdatesTheNotificationGivenASignedStatusCallback(string twilioStatus, NotificationStatus expected, string? errorCode) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var id = await SentNotificationAsync(app, "SM0123456789abcdef0123456789abcdef");
            var form = new Dictionary<string, string> { ["MessageSid"] = "SM0123456789abcdef0123456789abcdef", ["MessageStatus"] = twilioStatus, ["AccountSid"] = "AC1" };
            if (errorCode is not null)
            {
                form["ErrorCode"] = errorCode;
            }

            var response = await PostAsync(app.CreateClient(), "/webhooks/twilio/status", form,
                Sign(AuthToken, "http://localhost/webhooks/twilio/status", form));

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            var notification = await ReloadAsync(app, id);
            Assert.Equal(expected, notification.Status);
            Assert.Equal(errorCode, notification.ErrorCode);
        }, settings: Settings);

    [Fact]
    public Task RefusesAndChangesNothingGivenAForgedStatusCallback() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var id = await SentNotificationAsync(app, "SMforged");
            var form = new Dictionary<string, string> { ["MessageSid"] = "SMforged", ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30006" };

            var wrongToken = await PostAsync(app.CreateClient(), "/webhooks/twilio/status", form, Sign("not-the-token", "http://localhost/webhooks/twilio/status", form));
            var tampered = new Dictionary<string, string>(form) { ["MessageStatus"] = "failed" };
            var tamperedBody = await PostAsync(app.CreateClient(), "/webhooks/twilio/status", tampered, Sign(AuthToken, "http://localhost/webhooks/twilio/status", form));
            var unsigned = await app.CreateClient().PostAsync("/webhooks/twilio/status", new FormUrlEncodedContent(form));

            Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, tamperedBody.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
            Assert.Equal(NotificationStatus.Sent, (await ReloadAsync(app, id)).Status);
        }, settings: Settings);

    [Fact]
    public Task OptsOutOnStopAndBackInOnStartGivenSignedInboundMessages() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var client = app.CreateClient();
            var stop = new Dictionary<string, string> { ["From"] = Caller, ["To"] = "+15005550006", ["Body"] = "Stop", ["MessageSid"] = "SMin1" };

            var stopped = await PostAsync(client, "/webhooks/twilio/inbound", stop, Sign(AuthToken, "http://localhost/webhooks/twilio/inbound", stop));

            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
            Assert.Equal("text/xml", stopped.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<Response></Response>", await stopped.Content.ReadAsStringAsync());
            Assert.True(await IsOptedOutAsync(app));

            var start = new Dictionary<string, string>(stop) { ["Body"] = "START", ["MessageSid"] = "SMin2" };
            var started = await PostAsync(client, "/webhooks/twilio/inbound", start, Sign(AuthToken, "http://localhost/webhooks/twilio/inbound", start));

            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            Assert.False(await IsOptedOutAsync(app));
        }, settings: Settings);

    [Fact]
    public Task RefusesAndOptsNobodyOutGivenAForgedInboundStop() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var stop = new Dictionary<string, string> { ["From"] = Caller, ["Body"] = "STOP" };

            var response = await PostAsync(app.CreateClient(), "/webhooks/twilio/inbound", stop, Sign("guessed-token", "http://localhost/webhooks/twilio/inbound", stop));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.False(await IsOptedOutAsync(app));
        }, settings: Settings);

    [Fact]
    public Task ChecksTheSignatureAgainstThePublicUrlGivenTheReverseProxysHeaders() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var stop = new Dictionary<string, string> { ["From"] = Caller, ["Body"] = "STOP" };
            var publicSignature = Sign(AuthToken, "https://contestlet.example/webhooks/twilio/inbound", stop);

            var direct = await PostAsync(app.CreateClient(), "/webhooks/twilio/inbound", stop, publicSignature);
            Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
            Assert.False(await IsOptedOutAsync(app));

            var proxied = await PostAsync(app.CreateClient(), "/webhooks/twilio/inbound", stop, publicSignature, ("https", "contestlet.example"));
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
            Assert.True(await IsOptedOutAsync(app));
        }, settings: Settings);
}
