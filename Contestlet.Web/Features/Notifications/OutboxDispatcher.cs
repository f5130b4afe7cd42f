using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Contestlet.Web.Infrastructure.Observability;

namespace Contestlet.Web.Features.Notifications;

/// <summary>
/// One pass of the outbox: claim what is due under a lease, record the attempt, send, record the outcome
/// (docs/decisions/011-notification-outbox.md). Safe to run in several instances at once: a row is only ever sent by
/// the worker whose conditional UPDATE took it.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<ContestletDbContext> dbFactory,
    ISmsSender sender,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly HashSet<int> OptOutErrors = [TwilioErrors.OptedOut];

    /// <summary>Sends what is due now; returns how many rows this worker claimed (0 means nothing was due).</summary>
    public async Task<int> DispatchDueAsync(string worker, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        List<long> candidates;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            candidates = await db.Notifications.AsNoTracking()
                .Where(n => (n.Status == NotificationStatus.Queued && n.NextAttemptAt <= now)
                            || (n.Status == NotificationStatus.Sending && (n.LockedUntil == null || n.LockedUntil < now)))
                .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id)
                .Select(n => n.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
        }

        var claimed = 0;
        foreach (var id in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryClaimAsync(id, worker, settings.Lease, cancellationToken) is not { } notification)
            {
                continue;
            }

            claimed++;
            await SendAsync(notification, worker, settings, cancellationToken);
        }

        return claimed;
    }

    /// <summary>
    /// The lease: one conditional UPDATE that only matches while the row is still due and unclaimed. Two workers racing
    /// for the same row both run it; the database lets exactly one of them change a row, the other sees 0 rows.
    /// The attempt is counted here, before the provider is called.
    /// </summary>
    private async Task<Notification?> TryClaimAsync(long id, string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + lease;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = await db.Notifications
            .Where(n => n.Id == id
                        && ((n.Status == NotificationStatus.Queued && n.NextAttemptAt <= now)
                            || n.Status == NotificationStatus.Sending)
                        && (n.LockedUntil == null || n.LockedUntil < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(n => n.Status, NotificationStatus.Sending)
                .SetProperty(n => n.Attempts, n => n.Attempts + 1)
                .SetProperty(n => n.LockedBy, worker)
                .SetProperty(n => n.LockedUntil, until)
                .SetProperty(n => n.UpdatedAt, now), cancellationToken);
        if (taken == 0)
        {
            return null;
        }

        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id, cancellationToken);
    }

    private async Task SendAsync(Notification claimed, string worker, OutboxOptions settings, CancellationToken cancellationToken)
    {
        var phone = PhoneNumber.FromE164(claimed.ToE164);
        if (claimed.Attempts > 1)
        {
            logger.LogWarning("Notification {NotificationId} to {Recipient} is on attempt {Attempts}; an earlier attempt may have reached the provider",
                claimed.Id, phone.Masked, claimed.Attempts);
        }

        bool optedOut;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            optedOut = await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == claimed.ToE164, cancellationToken);
        }

        SmsSendResult? result = null;
        if (!optedOut)
        {
            // Not cancelled by shutdown: the send is bounded by the transport's own timeouts, and once the provider may
            // have the message its outcome must be recorded.
            result = await sender.SendAsync(new SmsMessage(phone, claimed.Body), CancellationToken.None);
        }

        await using var record = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var notification = await record.Notifications.SingleAsync(n => n.Id == claimed.Id, CancellationToken.None);
        if (notification.Status != NotificationStatus.Sending || notification.LockedBy != worker)
        {
            // Our lease lapsed and another worker took the row over; its outcome wins, ours is only logged.
            logger.LogWarning("Notification {NotificationId} was taken over by {OtherWorker} before {Worker} recorded its outcome {Outcome}",
                claimed.Id, notification.LockedBy, worker, result?.Status);
            return;
        }

        var now = time.GetUtcNow();
        var code = result?.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (result)
        {
            case null:
                notification.MarkOptedOut(null, now);
                break;
            case { Status: SmsSendStatus.Sent }:
                notification.MarkSent(result.ProviderMessageId, now);
                break;
            case { Status: SmsSendStatus.Blocked }:
                notification.MarkBlocked(result.Error, now);
                break;
            case { Status: SmsSendStatus.FailedPermanently, ErrorCode: { } error } when OptOutErrors.Contains(error):
                notification.MarkOptedOut(code, now);
                record.SmsOptOuts.Add(SmsOptOut.For(phone, now));
                break;
            case { Status: SmsSendStatus.FailedPermanently }:
                notification.MarkFailedPermanently(code, result.Error, now);
                break;
            default:
                notification.MarkTransientFailure(code, result.Error, now, settings.BackOff);
                break;
        }

        try
        {
            await record.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException) when (notification.Status == NotificationStatus.OptedOut)
        {
            // The number was put on the opt-out list concurrently (an inbound STOP): record the notification alone.
            await using var retry = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            retry.Attach(notification);
            retry.Entry(notification).State = EntityState.Modified;
            await retry.SaveChangesAsync(CancellationToken.None);
        }

        ContestletMetrics.SmsAttempt(notification.Type, notification.Status);
        logger.LogInformation("Notification {NotificationId} to {Recipient}: {Status} after attempt {Attempts} ({ErrorCode})",
            notification.Id, phone.Masked, notification.Status, notification.Attempts, notification.ErrorCode);
    }
}
