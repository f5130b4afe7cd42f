using Contestlet.Domain.Audit;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Contestlet.Web.Tests.Integration.Notifications;

public sealed class NotificationLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly AdminActor Admin = new("+15551234567", "Dana");

    private static async Task<Dictionary<NotificationStatus, long>> SeedAsync(TestDatabase database)
    {
        var phone = PhoneNumber.FromE164("+18187958204");
        Notification Make(Action<Notification> finish)
        {
            var n = Notification.Queue(NotificationType.Reminder, phone, "Hello", Now, "system");
            n.BeginAttempt("w", Now, TimeSpan.FromMinutes(5));
            finish(n);
            return n;
        }

        var rows = new Dictionary<NotificationStatus, Notification>
        {
            [NotificationStatus.Failed] = Make(n => n.MarkFailedPermanently("21211", "bad number", Now)),
            [NotificationStatus.OptedOut] = Make(n => n.MarkOptedOut("21610", Now)),
            [NotificationStatus.Blocked] = Make(n => n.MarkBlocked("blocked by staging policy", Now)),
            [NotificationStatus.Sent] = Make(n => n.MarkSent("SM1", Now)),
        };
        await using var db = database.CreateContext();
        db.Notifications.AddRange(rows.Values);
        await db.SaveChangesAsync();
        return rows.ToDictionary(r => r.Key, r => r.Value.Id);
    }

    private static NotificationLog Log(TestDatabase database) =>
        new(new TestDbContextFactory(database), TestAdminAccess.Changes(new TestDbContextFactory(database), new FakeTimeProvider(Now.AddHours(1))),
            NullLogger<NotificationLog>.Instance);

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RequeuesOnlyFailedRowsGivenRetryAll(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var ids = await SeedAsync(database);

            var count = await Log(database).RetryFailedAsync(new NotificationFilter(), Admin, CancellationToken.None).DoneAsync();
            var again = await Log(database).RetryFailedAsync(new NotificationFilter(), Admin, CancellationToken.None).DoneAsync();

            Assert.Equal((1, 0), (count, again));
            await using var db = database.CreateContext();
            var audit = Assert.Single(await db.AuditLog.AsNoTracking().ToListAsync());
            Assert.Equal((AuditAction.FailedSmsRetried, "+15551234567", "Dana"), (audit.Action, audit.Actor, audit.ShownActor));
            Assert.Equal("1 failed text(s) queued again (Reminder)", audit.Detail);
            Assert.Null(audit.ContestId);
            var statuses = await db.Notifications.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.Status);
            Assert.Equal(NotificationStatus.Queued, statuses[ids[NotificationStatus.Failed]]);
            Assert.Equal(NotificationStatus.OptedOut, statuses[ids[NotificationStatus.OptedOut]]);
            Assert.Equal(NotificationStatus.Blocked, statuses[ids[NotificationStatus.Blocked]]);
            Assert.Equal(NotificationStatus.Sent, statuses[ids[NotificationStatus.Sent]]);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FiltersPagesAndMasksRecipientsGivenAStatusFilter(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await SeedAsync(database);

            var all = await Log(database).PageAsync(new NotificationFilter(), 0, 3, CancellationToken.None);
            var optedOut = await Log(database).PageAsync(new NotificationFilter(Status: NotificationStatus.OptedOut), 0, 25, CancellationToken.None);

            Assert.Equal(4, all.Total);
            Assert.Equal(3, all.Rows.Count);
            var row = Assert.Single(optedOut.Rows);
            Assert.Equal("+1•••••8204", row.Recipient);
            Assert.Equal("21610", row.ErrorCode);
        });
}

public sealed class NotificationLogPageAccessTests
{
    [Fact]
    public Task RedirectsAnonymousVisitorsToSignInGivenTheNotificationLog() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var response = await app.CreateBrowserlessClient().GetAsync("/admin/notifications");

            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
        });
}
