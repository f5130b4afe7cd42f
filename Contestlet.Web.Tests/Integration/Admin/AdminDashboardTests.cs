using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Features.Admin.Dashboard;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Time.Testing;
using static Contestlet.Web.Tests.Integration.Admin.AdminTestKit;

namespace Contestlet.Web.Tests.Integration.Admin;

public sealed class AdminDashboardTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task CountsTodaysEntriesAndTextsFromMidnightInTheAdminsZone(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            // 2026-11-24 12:00 UTC is 07:00 in New York: New York's day began at 05:00 UTC, Sydney's at 13:00 UTC the day before.
            var contest = await SaveAsync(database, TestContests.PublishedAt(new ContestSchedule(Now.AddDays(-2), Now.AddDays(2), "America/New_York"), Now.AddDays(-3)));
            var phone = PhoneNumber.FromE164("+18187950001");
            await using (var db = database.CreateContext())
            {
                db.Attach(contest);
                db.Entries.Add(contest.Admit(phone, new EntryRequest(null, true), Now.AddHours(-8)));              // 04:00 UTC
                db.Entries.Add(contest.Admit(PhoneNumber.FromE164("+18187950002"), new EntryRequest(null, true), Now.AddHours(-1)));
                var backOff = new OutboxOptions().BackOff;
                foreach (var (sentAt, failed) in new[] { (Now.AddHours(-8), false), (Now.AddHours(-2), false), (Now.AddHours(-1), true) })
                {
                    var notification = Notification.Queue(NotificationType.Announcement, phone, "Hi", sentAt.AddMinutes(-1), "admin", contest.Id);
                    notification.BeginAttempt("worker", sentAt, TimeSpan.FromMinutes(5));
                    if (failed)
                    {
                        notification.MarkFailedPermanently("21211", "Invalid number", sentAt);
                    }
                    else
                    {
                        notification.MarkSent("SM1", sentAt);
                    }

                    db.Notifications.Add(notification);
                }

                await db.SaveChangesAsync();
            }

            var dashboard = new AdminDashboard(new TestDbContextFactory(database), new FakeTimeProvider(Now));
            var insights = new DashboardInsights(new TestDbContextFactory(database), new FakeTimeProvider(Now));
            var newYork = await dashboard.SummarizeAsync("America/New_York", CancellationToken.None);
            var sydney = await dashboard.SummarizeAsync("Australia/Sydney", CancellationToken.None);
            var newYorkToday = (await insights.LoadAsync("America/New_York", CancellationToken.None)).Days[^1].Entries;
            var sydneyToday = (await insights.LoadAsync("Australia/Sydney", CancellationToken.None)).Days[^1].Entries;

            Assert.Equal((1, 1, 1), (newYorkToday, newYork.SmsSentToday, newYork.SmsFailedToday));
            Assert.Equal((2, 2, 1), (sydneyToday, sydney.SmsSentToday, sydney.SmsFailedToday));
            Assert.Equal(1, newYork.ContestsByStatus.Single(s => s.Status == ContestStatus.Active).Count);
        });
}
