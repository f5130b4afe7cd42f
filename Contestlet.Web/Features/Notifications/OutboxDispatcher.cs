using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Observability;
using Contestlet.Web.Infrastructure.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
            result = await sender.SendAsync(new SmsMessage(phone, claimed.Body, claimed.Id), CancellationToken.None);
        }

        if (result is { Status: SmsSendStatus.FailedPermanently, ErrorCode: { } refusal } && OptOutErrors.Contains(refusal))
        {
            await AddOptOutAsync(phone);
        }

        for (var tries = 1; ; tries++)
        {
            await using var record = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var notification = await record.Notifications.AsNoTracking().SingleAsync(n => n.Id == claimed.Id, CancellationToken.None);
            if (notification.LockedBy != worker)
            {
                // Our lease lapsed and another worker took the row over; its outcome wins, ours is only logged.
                logger.LogWarning("Notification {NotificationId} was taken over by {OtherWorker} before {Worker} recorded its outcome {Outcome}",
                    claimed.Id, notification.LockedBy, worker, result?.Status);
                return;
            }

            var readStatus = notification.Status;
            var now = time.GetUtcNow();
            if (readStatus == NotificationStatus.Sending)
            {
                RecordOutcome(notification, result, settings, now);
            }
            else
            {
                // Twilio's status callback overtook the send's own answer (it found the row by the id in its URL).
                notification.FinishReportedAttempt(result?.ProviderMessageId, now);
                logger.LogInformation("Notification {NotificationId}: Twilio's callback ({Status}) arrived before the send's answer ({Outcome})",
                    notification.Id, notification.Status, result?.Status);
            }

            if (await NotificationWrites.SaveIfUnchangedAsync(record, notification, readStatus, worker, CancellationToken.None))
            {
                ContestletMetrics.SmsAttempt(notification.Type, notification.Status);
                logger.LogInformation("Notification {NotificationId} to {Recipient}: {Status} after attempt {Attempts} ({ErrorCode})",
                    notification.Id, phone.Masked, notification.Status, notification.Attempts, notification.ErrorCode);
                return;
            }

            if (tries == NotificationWrites.MaxTries)
            {
                logger.LogError("Notification {NotificationId}: the outcome {Outcome} of attempt {Attempts} could not be recorded; the row kept changing",
                    claimed.Id, result?.Status, claimed.Attempts);
                return;
            }
        }
    }

    private static void RecordOutcome(Notification notification, SmsSendResult? result, OutboxOptions settings, DateTimeOffset now)
    {
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
                break;
            case { Status: SmsSendStatus.FailedPermanently }:
                notification.MarkFailedPermanently(code, result.Error, now);
                break;
            default:
                notification.MarkTransientFailure(code, result.Error, now, settings.BackOff);
                break;
        }
    }

    /// <summary>Twilio said the number opted out (21610): our list says so too, whoever records the row's outcome.</summary>
    private async Task AddOptOutAsync(PhoneNumber phone)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        if (await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == phone.E164, CancellationToken.None))
        {
            return;
        }

        db.SmsOptOuts.Add(SmsOptOut.For(phone, time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // The number was put on the list concurrently (an inbound STOP): it is opted out either way.
        }
    }
}
