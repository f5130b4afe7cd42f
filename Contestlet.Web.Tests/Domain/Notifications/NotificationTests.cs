using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;

namespace Contestlet.Web.Tests.Domain.Notifications;

public sealed class NotificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly OutboxBackOff BackOff = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 4);

    private static Notification Queued() =>
        Notification.Queue(NotificationType.Reminder, PhoneNumber.FromE164("+18187958204"), "Last day to enter!", Now, "system");

    [Fact]
    public void CountsTheAttemptAndLeasesTheRowGivenAClaim()
    {
        var notification = Queued();

        notification.BeginAttempt("worker-a", Now, Lease);

        Assert.Equal(NotificationStatus.Sending, notification.Status);
        Assert.Equal(1, notification.Attempts);
        Assert.Equal("worker-a", notification.LockedBy);
        Assert.Equal(Now + Lease, notification.LockedUntil);
    }

    [Fact]
    public void RefusesASecondClaimGivenTheLeaseHolds()
    {
        var notification = Queued();
        notification.BeginAttempt("worker-a", Now, Lease);

        Assert.False(notification.IsDue(Now + Lease));
        Assert.Throws<InvalidOperationException>(() => notification.BeginAttempt("worker-b", Now.AddMinutes(1), Lease));
    }

    [Fact]
    public void AllowsATakeOverCountedAsASecondAttemptGivenTheLeaseLapsed()
    {
        var notification = Queued();
        notification.BeginAttempt("worker-a", Now, Lease);

        notification.BeginAttempt("worker-b", Now + Lease + TimeSpan.FromSeconds(1), Lease);

        Assert.Equal(2, notification.Attempts);
        Assert.Equal("worker-b", notification.LockedBy);
    }

    [Fact]
    public void RecordsTheProviderIdAndReleasesTheLeaseGivenSent()
    {
        var notification = Queued();
        notification.BeginAttempt("worker-a", Now, Lease);

        notification.MarkSent("SM123", Now.AddSeconds(1));

        Assert.Equal(NotificationStatus.Sent, notification.Status);
        Assert.Equal("SM123", notification.ProviderMessageId);
        Assert.Equal(Now.AddSeconds(1), notification.SentAt);
        Assert.Null(notification.LockedBy);
        Assert.Null(notification.LockedUntil);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    public void QueuesAgainWithDoublingDelayGivenATransientFailure(int attempts, int expectedSeconds)
    {
        var notification = Queued();
        for (var i = 0; i < attempts; i++)
        {
            notification.BeginAttempt("worker-a", notification.NextAttemptAt, Lease);
            notification.MarkTransientFailure(null, "Twilio is unavailable", notification.NextAttemptAt, BackOff);
        }

        Assert.Equal(NotificationStatus.Queued, notification.Status);
        Assert.Equal("Twilio is unavailable", notification.Error);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), notification.NextAttemptAt - notification.UpdatedAt);
    }

    [Fact]
    public void CapsTheBackOffDelay()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), BackOff.DelayAfter(12));
    }

    [Fact]
    public void FailsForGoodGivenTheLastTransientAttempt()
    {
        var notification = Queued();
        for (var i = 0; i < BackOff.MaxAttempts; i++)
        {
            notification.BeginAttempt("worker-a", notification.NextAttemptAt, Lease);
            notification.MarkTransientFailure(null, "timeout", notification.NextAttemptAt, BackOff);
        }

        Assert.Equal(NotificationStatus.Failed, notification.Status);
        Assert.False(notification.IsDue(DateTimeOffset.MaxValue));
        Assert.StartsWith("Gave up after 4 attempts", notification.Error);
    }

    [Fact]
    public void IsNeverDueAgainGivenAPermanentFailure()
    {
        var notification = Queued();
        notification.BeginAttempt("worker-a", Now, Lease);

        notification.MarkFailedPermanently("21211", "Not a valid number", Now);

        Assert.Equal(NotificationStatus.Failed, notification.Status);
        Assert.Equal("21211", notification.ErrorCode);
        Assert.False(notification.IsDue(Now.AddYears(1)));
    }

    [Fact]
    public void RequeuesOnlyFailedRowsGivenAnAdminRetry()
    {
        var failed = Queued();
        failed.BeginAttempt("w", Now, Lease);
        failed.MarkFailedPermanently("21211", "bad", Now);
        var optedOut = Queued();
        optedOut.BeginAttempt("w", Now, Lease);
        optedOut.MarkOptedOut("21610", Now);
        var blocked = Queued();
        blocked.BeginAttempt("w", Now, Lease);
        blocked.MarkBlocked("blocked by staging policy", Now);

        Assert.True(failed.Requeue(Now.AddHours(1)));
        Assert.False(optedOut.Requeue(Now.AddHours(1)));
        Assert.False(blocked.Requeue(Now.AddHours(1)));
        Assert.Equal(NotificationStatus.Queued, failed.Status);
        Assert.True(failed.IsDue(Now.AddHours(1)));
        Assert.Equal(NotificationStatus.OptedOut, optedOut.Status);
        Assert.Equal(NotificationStatus.Blocked, blocked.Status);
    }

    [Fact]
    public void MovesOnlyForwardGivenDeliveryReports()
    {
        var notification = Queued();
        notification.BeginAttempt("w", Now, Lease);
        notification.MarkSent("SM1", Now);

        Assert.True(notification.ApplyDeliveryReport(DeliveryReport.Delivered, null, Now.AddSeconds(5)));
        Assert.False(notification.ApplyDeliveryReport(DeliveryReport.Undelivered, "30003", Now.AddSeconds(6)));

        Assert.Equal(NotificationStatus.Delivered, notification.Status);
    }

    [Fact]
    public void RecordsTheCarrierErrorGivenUndelivered()
    {
        var notification = Queued();
        notification.BeginAttempt("w", Now, Lease);
        notification.MarkSent("SM1", Now);

        Assert.True(notification.ApplyDeliveryReport(DeliveryReport.Undelivered, "30006", Now.AddSeconds(5)));

        Assert.Equal(NotificationStatus.Failed, notification.Status);
        Assert.Equal("30006", notification.ErrorCode);
    }

    [Theory]
    [InlineData("STOP", InboundKeyword.OptOut)]
    [InlineData(" stopall ", InboundKeyword.OptOut)]
    [InlineData("Unsubscribe", InboundKeyword.OptOut)]
    [InlineData("cancel", InboundKeyword.OptOut)]
    [InlineData("END", InboundKeyword.OptOut)]
    [InlineData("quit", InboundKeyword.OptOut)]
    [InlineData("START", InboundKeyword.OptIn)]
    [InlineData("yes", InboundKeyword.OptIn)]
    [InlineData("UNSTOP", InboundKeyword.OptIn)]
    [InlineData("please stop texting", InboundKeyword.None)]
    [InlineData("", InboundKeyword.None)]
    public void ClassifiesTwiliosKeywordsGivenAnInboundBody(string body, InboundKeyword expected)
    {
        Assert.Equal(expected, SmsOptOut.Classify(body));
    }
}
