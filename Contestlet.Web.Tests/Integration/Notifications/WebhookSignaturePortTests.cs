using System.Net;
using System.Security.Cryptography;
using System.Text;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.Notifications;

/// <summary>
/// Twilio signs a webhook with the URL as it called it, sometimes with the default port written out (":443") and
/// sometimes without; the SDK's RequestValidator accepts both, and still nothing else.
/// </summary>
public sealed class WebhookSignaturePortTests
{
    private const string AuthToken = "port-variant-auth-token";

    private static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Sms:Twilio:AuthToken"] = AuthToken,
        ["Sms:Twilio:WebhookBaseUrl"] = "https://contestlet.example",
        ["Outbox:Enabled"] = "false",
    };

    private static string Sign(string token, string url, IDictionary<string, string> form)
    {
        var text = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's scheme.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(token));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    private static async Task<HttpStatusCode> PostAsync(ContestletAppFactory app, Dictionary<string, string> form, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/status") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        using var response = await app.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<long> SentAsync(ContestletAppFactory app, string sid)
    {
        await using var db = app.CreateDbContext();
        var notification = Notification.Queue(NotificationType.Reminder, PhoneNumber.FromE164("+18187958204"), "Reminder", app.Time.GetUtcNow(), "system");
        notification.BeginAttempt("worker", app.Time.GetUtcNow(), TimeSpan.FromMinutes(5));
        notification.MarkSent(sid, app.Time.GetUtcNow());
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }

    private static async Task<NotificationStatus> StatusAsync(ContestletAppFactory app, long id)
    {
        await using var db = app.CreateDbContext();
        return await db.Notifications.Where(n => n.Id == id).Select(n => n.Status).SingleAsync();
    }

    [Theory]
    [InlineData("https://contestlet.example/webhooks/twilio/status")]
    [InlineData("https://contestlet.example:443/webhooks/twilio/status")]
    public Task AcceptsTheSignatureWithOrWithoutTheDefaultPort(string signedUrl) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var id = await SentAsync(app, "SMport");
            var form = new Dictionary<string, string> { ["MessageSid"] = "SMport", ["MessageStatus"] = "delivered" };

            Assert.Equal(HttpStatusCode.NoContent, await PostAsync(app, form, Sign(AuthToken, signedUrl, form)));
            Assert.Equal(NotificationStatus.Delivered, await StatusAsync(app, id));
        }, settings: Settings);

    [Theory]
    [InlineData("https://contestlet.example:8443/webhooks/twilio/status")]
    [InlineData("http://contestlet.example/webhooks/twilio/status")]
    [InlineData("https://other.example/webhooks/twilio/status")]
    public Task RefusesASignatureForAnotherAddress(string signedUrl) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var id = await SentAsync(app, "SMport");
            var form = new Dictionary<string, string> { ["MessageSid"] = "SMport", ["MessageStatus"] = "delivered" };

            Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(app, form, Sign(AuthToken, signedUrl, form)));
            Assert.Equal(NotificationStatus.Sent, await StatusAsync(app, id));
        }, settings: Settings);
}
