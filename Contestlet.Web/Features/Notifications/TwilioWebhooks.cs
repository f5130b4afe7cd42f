using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Notifications;

/// <summary>What Twilio's status callbacks and inbound messages change: a notification's status, the opt-out list.</summary>
public sealed class TwilioWebhooks(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, ILogger<TwilioWebhooks> logger)
{
    /// <param name="notificationId">
    /// The outbox row named in the callback URL (<c>?notification=ID</c>, see TwilioSmsSender): finds the row when the
    /// callback overtakes the send's own answer and the message id is not saved yet.
    /// </param>
    public async Task<bool> ApplyStatusAsync(string messageSid, string? messageStatus, string? errorCode, long? notificationId,
        CancellationToken cancellationToken)
    {
        var report = messageStatus?.Trim().ToLowerInvariant() switch
        {
            "sent" => DeliveryReport.Sent,
            "delivered" => DeliveryReport.Delivered,
            "failed" => DeliveryReport.Failed,
            "undelivered" => DeliveryReport.Undelivered,
            _ => DeliveryReport.Other,
        };
        if (report == DeliveryReport.Other || messageSid.Length is 0 or > Notification.ProviderIdMaxLength)
        {
            return false;
        }

        var code = string.IsNullOrWhiteSpace(errorCode) ? null : errorCode;
        for (var tries = 1; tries <= NotificationWrites.MaxTries; tries++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var notification = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.ProviderMessageId == messageSid, cancellationToken)
                               ?? (notificationId is { } id
                                   ? await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.ProviderMessageId == null, cancellationToken)
                                   : null);
            if (notification is null)
            {
                return false;
            }

            var (readStatus, readLockedBy) = (notification.Status, notification.LockedBy);
            if (!notification.ApplyDeliveryReport(report, code, time.GetUtcNow(), messageSid))
            {
                return false;
            }

            if (await NotificationWrites.SaveIfUnchangedAsync(db, notification, readStatus, readLockedBy, cancellationToken))
            {
                ContestletMetrics.SmsReport(notification.Type, notification.Status);
                logger.LogInformation("Notification {NotificationId} is {Status} per Twilio ({ErrorCode})", notification.Id, notification.Status, notification.ErrorCode);
                return true;
            }
        }

        logger.LogWarning("A status callback for notification {NotificationId} could not be recorded; the row kept changing", notificationId);
        return false;
    }

    public async Task<InboundKeyword> ApplyInboundAsync(string? from, string? body, CancellationToken cancellationToken)
    {
        var keyword = SmsOptOut.Classify(body);
        if (keyword == InboundKeyword.None || string.IsNullOrWhiteSpace(from))
        {
            return InboundKeyword.None;
        }

        PhoneNumber phone;
        try
        {
            phone = PhoneNumber.ParseConfigured(from);
        }
        catch (FormatException)
        {
            return InboundKeyword.None;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (keyword == InboundKeyword.OptIn)
        {
            await db.SmsOptOuts.Where(o => o.PhoneE164 == phone.E164).ExecuteDeleteAsync(cancellationToken);
            logger.LogInformation("{Recipient} opted back in to text messages", phone.Masked);
            return keyword;
        }

        if (!await db.SmsOptOuts.AnyAsync(o => o.PhoneE164 == phone.E164, cancellationToken))
        {
            db.SmsOptOuts.Add(SmsOptOut.For(phone, time.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Twilio retried the same STOP concurrently: the number is opted out either way.
            }
        }

        logger.LogInformation("{Recipient} opted out of text messages", phone.Masked);
        return keyword;
    }
}
